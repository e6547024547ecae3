import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DataSourceOptions {
  url: string;
  /** Pool size; the API and workers each size their own. */
  poolSize?: number;
  applicationName?: string;
}

export function createDataSource({
  url,
  poolSize = 10,
  applicationName = 'vigil',
}: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: ['error'],
    applicationName,
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  });
}

/**
 * Apply pending migrations under a Postgres advisory lock so API replicas do not race. The lock
 * holds one connection of the pool while the migrations use another: the pool needs two.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(7712001)');
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(7712001)').catch(() => undefined);
    await runner.release();
  }
}
