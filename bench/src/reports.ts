import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { CSRF_COOKIE, validateConversation, type Conversation } from '@vigil/contracts';
import {
  ConversationRepository,
  ScoringRepository,
  aggregateRollups,
  createDataSource,
  runMigrations,
  type ScoredConversation,
} from '@vigil/data';
import * as engine from '@vigil/engine';
import { createGenerator } from './generator';

/**
 * Coaching reports over a year of one agent's conversations, through the real API: a fresh
 * database gets `--n` scored conversations of one agent spread over the last 365 days (`--distinct`
 * of them scored by the engine, the rest copies of those with their own ids and times, stored and
 * marked scored the way the workers do, rollups included); then the API (apps/api/dist, built by
 * `npm run build`) serves the report's JSON, the CSV and the PDF for the whole year and for its
 * last month. For each: wall time, bytes, and the API process's resident memory before and at its
 * peak during the request (sampled every 20 ms from /proc). The database is dropped afterwards.
 *
 *   npm run reports -w bench [-- --n 100000 --distinct 1000 --admin-url postgres://postgres@127.0.0.1:5432/postgres]
 *   [--keep: keep the seeded database; --reuse <database>: measure a kept one again, without seeding]
 */
const ROOT = path.resolve(__dirname, '..', '..');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const n = Number(arg('n', '100000'));
const distinct = Math.min(n, Number(arg('distinct', '1000')));
const adminUrl = arg('admin-url', 'postgres://postgres@127.0.0.1:5432/postgres');
const redisUrl = arg('redis-url', 'redis://127.0.0.1:6379');
/** A database seeded by an earlier run that was kept (`--keep`): measured again, not seeded. */
const reuse = arg('reuse', '');
const keep = process.argv.includes('--keep');

const AGENT = { id: 'a-bench', name: 'Bench Agent', kind: 'human' as const };
const TEAM = 'bench';
const DAY = 86_400_000;
const ADMIN = { email: 'bench-admin@example.com', password: 'bench-reports-password-1' };

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** `--n` conversations of one agent over the year, stored and scored with rollups. */
async function seed(url: string): Promise<void> {
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'vigil-bench' });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
    const generator = createGenerator(ROOT, 'reports-bench', `rep${Date.now()}`);
    const base: Conversation[] = [];
    while (base.length < distinct) {
      const result = validateConversation(generator.next());
      if (result.ok) base.push(result.value);
    }
    const scoresOf = base.map((c) => engine.scoreConversation({ ...c, agents: [AGENT] }));
    const now = Date.now();
    const conversations = new ConversationRepository(dataSource);
    const scoring = new ScoringRepository(dataSource);
    const started = performance.now();
    for (const indexes of chunks(
      Array.from({ length: n }, (_, i) => i),
      500,
    )) {
      const batch = indexes.map((i) => {
        const c = base[i % distinct]!;
        // Evenly over the year, newest last; the messages keep their offsets from the start.
        const ended = now - DAY * 365 + Math.floor(((i + 0.5) * DAY * 365) / n);
        const shift = ended - Date.parse(c.endedAt);
        const at = (t: string | undefined) => (t ? new Date(Date.parse(t) + shift).toISOString() : t);
        return {
          ...c,
          externalId: `${c.externalId}-${i}`,
          team: TEAM,
          agents: [AGENT],
          startedAt: at(c.startedAt)!,
          endedAt: new Date(ended).toISOString(),
          messages: c.messages.map((m) => ({
            ...m,
            at: at(m.at),
            authorId: m.role === 'agent' ? AGENT.id : m.authorId,
          })),
        };
      });
      const stored = await conversations.storeBatch(batch);
      const loaded = await scoring.load(stored.map((s) => s.id));
      const byId = new Map(loaded.map((c) => [c.id, c]));
      const results: ScoredConversation[] = stored.map((s, k) => {
        const scores = scoresOf[indexes[k]! % distinct]!;
        return { id: s.id, scores, facts: engine.factsOfScores(scores) };
      });
      await scoring.markScored(results, (newly) =>
        aggregateRollups(
          results.filter((r) => newly.has(r.id)).map((r) => ({ ...byId.get(r.id)!, ...r.facts })),
        ),
      );
    }
    // As autovacuum would after a load this size: the planner needs the table's statistics.
    await dataSource.query('ANALYZE conversation; ANALYZE conversation_analysis');
    process.stdout.write(
      `[reports] seeded ${n} conversations (${distinct} distinct) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

async function startApi(url: string): Promise<{ base: string; pid: number; stop: () => void }> {
  const port = 38000 + (process.pid % 1000);
  const child = spawn(process.execPath, [path.join(ROOT, 'apps/api/dist/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      REDIS_URL: redisUrl,
      VIGIL_QUEUE_PREFIX: `bench-reports-${process.pid}`,
      VIGIL_INIT_ADMIN_EMAIL: ADMIN.email,
      VIGIL_INIT_ADMIN_PASSWORD: ADMIN.password,
      VIGIL_SECURE_COOKIES: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  // Up to two minutes: a kept database may have migrations to apply first.
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  if (!cookies.some((c) => c.startsWith(`${CSRF_COOKIE}=`))) throw new Error('no session');
  return cookies.join('; ');
}

/** One request: wall time, bytes read (as they stream), the API's RSS before and its peak during. */
async function measure(base: string, cookie: string, pid: number, what: string, href: string): Promise<void> {
  global.gc?.();
  await new Promise((r) => setTimeout(r, 300));
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  const started = performance.now();
  const res = await fetch(`${base}${href}`, { headers: { cookie } });
  let bytes = 0;
  let first = 0;
  // The peak so far at each fifth of the time: growing with what was sent would be memory held per row.
  const marks: number[] = [];
  const marker = setInterval(() => marks.push(Math.round(peak)), 1000);
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (!first) first = performance.now() - started;
    bytes += chunk.byteLength;
  }
  clearInterval(marker);
  const wall = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(pid));
  process.stdout.write(
    `[reports] ${what}: ${res.status}, ${(wall / 1000).toFixed(2)} s (first byte ${(first / 1000).toFixed(2)} s), ${(bytes / 1e6).toFixed(1)} MB, API RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MB${marks.length > 2 ? ` (peak so far, each second: ${marks.join(', ')})` : ''}\n`,
  );
}

async function main(): Promise<void> {
  const name = reuse || `vigil_bench_reports_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  if (!reuse) await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  try {
    if (!reuse) await seed(url.toString());
    api = await startApi(url.toString());
    const cookie = await signIn(api.base);
    const now = Date.now();
    const year = `agent=${AGENT.id}&from=${new Date(now - 366 * DAY).toISOString()}&to=${new Date(now + DAY).toISOString()}`;
    const month = `agent=${AGENT.id}&from=${new Date(now - 30 * DAY).toISOString()}&to=${new Date(now + DAY).toISOString()}`;
    for (const [label, q] of [
      ['month', month],
      ['year', year],
    ] as const) {
      await measure(api.base, cookie, api.pid, `report JSON, ${label}`, `/api/v1/reports/coaching?${q}`);
      await measure(api.base, cookie, api.pid, `CSV, ${label}`, `/api/v1/reports/coaching.csv?${q}`);
      if (label === 'year') {
        await measure(api.base, cookie, api.pid, `CSV, ${label}, again`, `/api/v1/reports/coaching.csv?${q}`);
      }
      await measure(api.base, cookie, api.pid, `PDF, ${label}`, `/api/v1/reports/coaching.pdf?${q}`);
    }
  } finally {
    api?.stop();
    await new Promise((r) => setTimeout(r, 500));
    if (keep || reuse) process.stdout.write(`[reports] kept database ${name}\n`);
    else await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
