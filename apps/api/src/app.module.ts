import { Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { VigilConfig } from '@vigil/data';
import { ApiExceptionFilter } from './common/api-exception.filter.js';
import { CoreModule } from './common/core.module.js';
import { ZodValidationPipe } from './common/zod-validation.pipe.js';
import { AlertsModule } from './modules/alerts/alerts.module.js';
import { AnomaliesModule } from './modules/anomalies/anomalies.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { AuthService } from './modules/auth/auth.service.js';
import { ConversationsModule } from './modules/conversations/conversations.module.js';
import { EngineConfigModule } from './modules/engine-config/engine-config.module.js';
import { EngineConfigService } from './modules/engine-config/engine-config.service.js';
import { FlagsModule } from './modules/flags/flags.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { IngestKeysModule } from './modules/ingest-keys/ingest-keys.module.js';
import { LiveModule } from './modules/live/live.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { RescoreModule } from './modules/rescore/rescore.module.js';
import { RetentionModule } from './modules/retention/retention.module.js';
import { TopicDiscoveryModule } from './modules/topic-discovery/topic-discovery.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { FraudRiskModule } from './modules/fraud-risk/fraud-risk.module.js';
import { CampaignsModule } from './modules/campaigns/campaigns.module.js';

/** The API: shared infrastructure (CoreModule) and one module per domain (modules/<domain>). */
@Module({})
export class AppModule implements OnApplicationBootstrap {
  constructor(
    private readonly auth: AuthService,
    private readonly engineConfig: EngineConfigService,
  ) {}

  static forRoot(config: VigilConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        AuditModule,
        AuthModule,
        IngestKeysModule,
        ConversationsModule,
        MetricsModule,
        ReportsModule,
        EngineConfigModule,
        RescoreModule,
        TopicDiscoveryModule,
        RetentionModule,
        UsersModule,
        FlagsModule,
        AnomaliesModule,
        LiveModule,
        HealthModule,
        AlertsModule,
        FraudRiskModule,
        CampaignsModule,
      ],
      providers: [
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.auth.bootstrap();
    await this.engineConfig.ensureInitial();
  }
}
