import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { validateConversation, type Conversation } from '@vigil/contracts';
import {
  ConversationRepository,
  OutlierNormRepository,
  ScoringRepository,
  createDataSource,
  runMigrations,
  type StoredConversation,
} from '@vigil/data';
import { judgeBatch, normPairs } from '@vigil/engine';
import { processesCpuMs } from './cpu';
import { createGenerator } from './generator';

/**
 * What the per-conversation outlier step adds to scoring (issue 11): for simulator conversations in
 * the workers' batches of 100, the same three statements and the same judging as OutliersService
 * (read the batch's norms; judge; merge the norms and store the signals in one transaction). Per
 * conversation: the Postgres backends' CPU (from /proc, so Postgres must run on this machine), this
 * process's CPU (judging plus the data layer's node side), the judging alone, and the wall time.
 * A fresh database each round, dropped after.
 *
 *   npm run outliers -w bench [-- --n 10000 --rounds 3 --admin-url postgres://postgres@127.0.0.1:5432/postgres]
 */
const ROOT = path.resolve(__dirname, '..', '..');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const n = Number(arg('n', '10000'));
const rounds = Number(arg('rounds', '3'));
const adminUrl = arg('admin-url', 'postgres://postgres@127.0.0.1:5432/postgres');
const BATCH = 100;

interface Cost {
  postgres: number;
  node: number;
  judging: number;
  wall: number;
  signals: number;
  kinds: Record<string, number>;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

async function round(index: number, conversations: Conversation[]): Promise<Cost> {
  const name = `vigil_bench_outliers_${process.pid}_${index}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataSource = createDataSource({ url: url.toString(), poolSize: 2, applicationName: 'vigil-bench' });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
    await Promise.all([dataSource.query('SELECT 1'), dataSource.query('SELECT 1')]);
    const pids: number[] = (
      await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [name])
    ).rows.map((r: { pid: number }) => r.pid);
    const stored = new ConversationRepository(dataSource);
    const scoring = new ScoringRepository(dataSource);
    const norms = new OutlierNormRepository(dataSource);

    let ids: string[] = [];
    for (let i = 0; i < conversations.length; i += 500)
      ids = ids.concat((await stored.storeBatch(conversations.slice(i, i + 500))).map((s) => s.id));
    const cost: Cost = { postgres: 0, node: 0, judging: 0, wall: 0, signals: 0, kinds: {} };
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch: StoredConversation[] = await scoring.load(ids.slice(i, i + BATCH));
      const pg = processesCpuMs(pids);
      const node = process.cpuUsage();
      const wall = performance.now();
      const before = await norms.norms(normPairs(batch));
      const judgingStarted = process.cpuUsage();
      const judged = judgeBatch(batch, before);
      const judging = process.cpuUsage(judgingStarted);
      await norms.record(judged.norms, judged.signals);
      const used = process.cpuUsage(node);
      cost.wall += performance.now() - wall;
      cost.node += (used.user + used.system) / 1000;
      cost.judging += (judging.user + judging.system) / 1000;
      cost.postgres += processesCpuMs(pids) - pg;
      cost.signals += judged.signals.length;
      for (const s of judged.signals) cost.kinds[s.kind] = (cost.kinds[s.kind] ?? 0) + 1;
    }
    return {
      postgres: cost.postgres / n,
      node: cost.node / n,
      judging: cost.judging / n,
      wall: cost.wall / n,
      signals: cost.signals,
      kinds: cost.kinds,
    };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  const results: Cost[] = [];
  for (let r = 0; r < rounds; r++) {
    const generator = createGenerator(ROOT, `outliers-bench-${r}`, `ol${Date.now()}`);
    const conversations: Conversation[] = [];
    while (conversations.length < n) {
      const result = validateConversation(generator.next());
      if (result.ok) conversations.push(result.value);
    }
    const c = await round(r, conversations);
    results.push(c);
    process.stdout.write(
      `[outliers] round ${r + 1}: ms per conversation: Postgres ${c.postgres.toFixed(4)}, node ${c.node.toFixed(4)} (judging ${c.judging.toFixed(4)}), wall ${c.wall.toFixed(4)}; ${c.signals} signals of ${n} conversations ${JSON.stringify(c.kinds)}\n`,
    );
  }
  const m = (k: Exclude<keyof Cost, 'kinds'>) => median(results.map((c) => c[k]));
  process.stdout.write(
    `[outliers] median ms per conversation (n ${n}, batches of ${BATCH}, ${rounds} rounds): Postgres CPU ${m('postgres').toFixed(4)}, node CPU ${m('node').toFixed(4)} (judging ${m('judging').toFixed(4)}), wall ${m('wall').toFixed(4)}; load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
