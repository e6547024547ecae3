import { Logger, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AlertRepository,
  AnomalyRepository,
  AuditRepository,
  AuthRepository,
  BackgroundRunRepository,
  CampaignRepository,
  CoachingRepository,
  ConversationRepository,
  DatabaseRepository,
  EngineConfigRepository,
  FlagRepository,
  FraudRiskRepository,
  IngestKeyRepository,
  ReportFileRepository,
  ReportSubscriptionRepository,
  RetentionRepository,
  RollupRepository,
  UserRepository,
  createDataSource,
  runMigrations,
  type VigilConfig,
} from '@vigil/data';
import { DEFAULT_ENGINE_CONFIG } from '@vigil/engine';
import { CONFIG } from './tokens.js';

/** The API owns the schema: it applies pending migrations before it serves anything. */
export const dataSourceProvider: Provider = {
  provide: DataSource,
  inject: [CONFIG],
  useFactory: async (config: VigilConfig) => {
    const dataSource = createDataSource({
      url: config.databaseUrl,
      poolSize: 20,
      applicationName: 'vigil-api',
    });
    await dataSource.initialize();
    const applied = await runMigrations(dataSource);
    if (applied.length) new Logger('Database').log(`applied migrations: ${applied.join(', ')}`);
    return dataSource;
  },
};

/** A repository of @vigil/data (a plain class over the DataSource) as a Nest provider. */
function repository<T>(type: new (dataSource: DataSource) => T): Provider {
  return {
    provide: type,
    inject: [DataSource],
    useFactory: (dataSource: DataSource) => new type(dataSource),
  };
}

/** The repositories the API uses, injectable by their class. */
export const repositoryProviders: Provider[] = [
  repository(AlertRepository),
  repository(AnomalyRepository),
  repository(AuditRepository),
  repository(AuthRepository),
  repository(IngestKeyRepository),
  repository(BackgroundRunRepository),
  repository(CoachingRepository),
  repository(ConversationRepository),
  repository(DatabaseRepository),
  repository(FlagRepository),
  repository(FraudRiskRepository),
  repository(RetentionRepository),
  repository(RollupRepository),
  repository(UserRepository),
  repository(CampaignRepository),
  repository(ReportFileRepository),
  repository(ReportSubscriptionRepository),
  {
    provide: EngineConfigRepository,
    inject: [DataSource],
    useFactory: (dataSource: DataSource) => new EngineConfigRepository(dataSource, DEFAULT_ENGINE_CONFIG),
  },
];
