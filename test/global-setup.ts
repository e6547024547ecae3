import { Client } from 'pg';
import { createDataSource, runMigrations } from '../core/src/server';
import { TEMPLATE_DATABASE, TEST_POSTGRES_URL, databaseUrl } from './support/services';

/** Migrate once into a template database; each suite clones it (fast) into a fresh database. */
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    // Leftovers of interrupted runs.
    const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'vigil_test_%'`);
    for (const { datname } of stale.rows)
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  } finally {
    await admin.end();
  }
  // Two connections: one holds the migration lock, one runs the migrations.
  const dataSource = createDataSource({ url: databaseUrl(TEMPLATE_DATABASE), poolSize: 2 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();
}
