import type { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DATABASE_PREFIX, TEST_POSTGRES_URL, TEST_RUN, databaseUrl, templateDatabase } from './services';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** A fresh, migrated database for one suite (a clone of the template global-setup migrated). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${DATABASE_PREFIX}${TEST_RUN}_${randomBytes(5).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

/** A unique Redis key prefix per suite, so suites never see each other's queues. */
export function testQueuePrefix(): string {
  return `vigiltest${randomBytes(4).toString('hex')}`;
}

/** Undo migrations, newest first, up to and including the one named: a migration's test starts from before it. */
export async function undoMigrationsThrough(dataSource: DataSource, name: string): Promise<void> {
  for (;;) {
    const [last] = await dataSource.query<Array<{ name: string }>>(
      `SELECT name FROM migrations ORDER BY id DESC LIMIT 1`,
    );
    if (!last) throw new Error(`migration ${name} was never applied`);
    await dataSource.undoLastMigration({ transaction: 'each' });
    if (last.name === name) return;
  }
}
