import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where the stack is and how to get in: env first, then .vigil/first-run.json from `npm start`. */
export interface BenchConfig {
  url: string;
  ingestKey: string;
  adminEmail: string;
  adminPassword: string;
  root: string;
}

export function findRepoRoot(fromDir: string): string {
  let dir = path.resolve(fromDir);
  for (let i = 0; i < 20; i++) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        workspaces?: unknown;
      };
      if (manifest.workspaces) return dir;
    } catch {
      // keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`cannot find the repository root (a package.json with "workspaces") above ${fromDir}`);
}

/** The stack the bench drives (or, with --start, starts): BENCH_URL, by default npm start's. */
export function benchUrl(env: Record<string, string | undefined>): string {
  return (env.BENCH_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
}

export function loadBenchConfig(env: Record<string, string | undefined>, root: string): BenchConfig {
  let saved: Record<string, unknown> = {};
  const file = path.join(root, '.vigil', 'first-run.json');
  try {
    saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // not started with npm start: everything must come from the environment
  }
  const pick = (...candidates: unknown[]): string | undefined =>
    candidates.find((c): c is string => typeof c === 'string' && c.length > 0);
  const url = benchUrl(env);
  const ingestKey = pick(env.BENCH_INGEST_KEY, saved.ingestKey, env.VIGIL_INIT_INGEST_KEY);
  const adminEmail = pick(env.BENCH_ADMIN_EMAIL, saved.adminEmail, env.VIGIL_INIT_ADMIN_EMAIL);
  const adminPassword = pick(env.BENCH_ADMIN_PASSWORD, saved.adminPassword, env.VIGIL_INIT_ADMIN_PASSWORD);
  const missing = [
    ingestKey ? undefined : 'BENCH_INGEST_KEY',
    adminEmail ? undefined : 'BENCH_ADMIN_EMAIL',
    adminPassword ? undefined : 'BENCH_ADMIN_PASSWORD',
  ].filter(Boolean);
  if (missing.length)
    throw new Error(`set ${missing.join(', ')} (or start the stack with npm start, which writes ${file})`);
  return {
    url: url.replace(/\/+$/, ''),
    ingestKey: ingestKey!,
    adminEmail: adminEmail!,
    adminPassword: adminPassword!,
    root,
  };
}
