import { Client } from 'pg';
import { TEMPLATE_DATABASE, TEST_POSTGRES_URL } from './support/services';

export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
  await admin.end();
}
