import { Logger, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource, runMigrations, type VigilConfig } from '@vigil/data';
import { CONFIG } from '../common/tokens.js';

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
