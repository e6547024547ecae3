import { Client } from 'pg';
import { DATABASE_PREFIX, TEST_POSTGRES_URL, TEST_RUN } from './support/services';

/** Drop what this run made (the template, and any suite database a crash left behind). */
export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${DATABASE_PREFIX}${TEST_RUN}\\_%`,
    ]);
    for (const { datname } of rows as Array<{ datname: string }>) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
