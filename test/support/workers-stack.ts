import { Client } from 'pg';
import { ApiClient } from './client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from './database';
import { runProcess, startStack, type RunningProcess, type Stack } from './stack';

/** A fresh database, the built API and several built workers processes, and clients for both sides. */
export interface WorkersStack {
  db: TestDatabase;
  stack: Stack;
  workers: RunningProcess[];
  ingest: ApiClient;
  admin: ApiClient;
  /** Straight to the database, for what the API does not show. */
  pg: Client;
  stop(): Promise<void>;
}

/**
 * For specs of what several workers processes do together (outliers, campaigns): the stack with
 * `env`, `processes` workers processes on its queue prefix, the ingest and admin clients and a
 * Postgres client. `stop` ends all of it, whatever of it started.
 */
export async function startStackWithWorkers(
  env: Record<string, string>,
  processes = 2,
): Promise<WorkersStack> {
  const db = await createTestDatabase();
  const workers: RunningProcess[] = [];
  let stack: Stack | undefined;
  let pg: Client | undefined;
  const stop = async () => {
    await pg?.end();
    await Promise.all(workers.map((w) => w.stop()));
    await stack?.stop();
    await db.drop();
  };
  try {
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), env });
    for (let i = 0; i < processes; i++) workers.push(runProcess('apps/workers/dist/main.js', stack.env));
    const admin = await ApiClient.admin(stack.url);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    return { db, stack, workers, ingest: ApiClient.ingest(stack.url), admin, pg, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
