import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '@vigil/data';

/** `--name value` from the command line of a single-purpose bench (database, outliers), or `fallback`. */
export function benchArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** Median of a bench's rounds (the upper middle of an even count). */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

/**
 * Runs `round` against a database of its own: created on the Postgres of `adminUrl`, migrated as the
 * product's, and dropped afterwards whatever happens. `pids` are the backends of its data source's
 * two connections, whose CPU (processesCpuMs) is what the round costs Postgres, so Postgres must run
 * on this machine.
 */
export async function withScratchDatabase<T>(
  adminUrl: string,
  name: string,
  round: (db: { dataSource: DataSource; pids: number[] }) => Promise<T>,
): Promise<T> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataSource = createDataSource({ url: url.toString(), poolSize: 2, applicationName: 'vigil-bench' });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
    // Both connections open, so that both backends are found.
    await Promise.all([dataSource.query('SELECT 1'), dataSource.query('SELECT 1')]);
    const backends: Array<{ pid: number }> = (
      await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [name])
    ).rows;
    return await round({ dataSource, pids: backends.map((b) => b.pid) });
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
