import { Client } from 'pg';
import { createDataSource, runMigrations } from '@vigil/data';
import { DATABASE_PREFIX, TEST_POSTGRES_URL, databaseUrl, templateDatabase } from './support/services';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Migrate once into a template database; each suite clones it (fast) into a fresh database. */
export default async function globalSetup(): Promise<void> {
  // Several projects share this setup in one run; the first one does the work.
  if (process.env.VIGIL_TEST_RUN) return;
  process.env.VIGIL_TEST_RUN = String(process.pid);
  const admin = new Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    // Leftovers of runs that were interrupted (their process is gone).
    const { rows } = await admin.query(
      `SELECT datname FROM pg_database WHERE datname LIKE '${DATABASE_PREFIX}%'`,
    );
    for (const { datname } of rows as Array<{ datname: string }>) {
      const run = Number(datname.slice(DATABASE_PREFIX.length).split('_')[0]);
      if (!Number.isInteger(run) || !isAlive(run))
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${templateDatabase()}"`);
  } finally {
    await admin.end();
  }
  // Two connections: one holds the migration lock, one runs the migrations.
  const dataSource = createDataSource({ url: databaseUrl(templateDatabase()), poolSize: 2 });
  await dataSource.initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();
}
