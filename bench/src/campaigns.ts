/**
 * Campaign detection figures (issue 10):
 *  1. CPU per conversation for the signature (customer words, shingles, MinHash, bands), and how
 *     many false campaigns the simulator's benign traffic would form (in memory, the same rule as
 *     the workers: estimated Jaccard ≥ 0.6 with ≥ 3 distinct customers);
 *  2. the index in Postgres with N recent conversations (default 100,000; `--rows 1000000`): table
 *     and index size, insert time, and the candidate lookup's time.
 * The index table is a copy of campaign_signature without its foreign keys, in a scratch database
 * that is dropped at the end. Usage: npm run campaigns -w bench -- [--rows N] [--benign N]
 *
 * With `--cost` (npm run campaign-cost -w bench -- [--n 3000] [--rounds 3] [--rate 400] [--every 1]
 * [--preload 0]):
 * what campaign detection costs, with the workers' own code (ScoringService, CampaignService) on a
 * scratch database migrated as the product's. Simulator traffic (5 % of it one fraud script read by
 * different callers) is stored, then scored by two workers instances taking batches of 100 in turn
 * (`--rate` conversations per second), once without campaigns and once with. On the scoring path,
 * Postgres's share is the difference in the scoring backends' CPU (from /proc) between the two; the
 * node share is the CPU spent inside the campaign service's calls from ScoringService (the engine's
 * scoring varies by more than the whole campaign cost between runs, so a node difference would be
 * noise; the difference is printed too). Batches run one at a time so that those calls can be
 * timed alone. The campaigns tick, where the tree has one, runs every `--every` seconds between
 * batches on its own connections and is measured on its own. Then: how long after
 * its first member (and after the member that made it detectable) was scored each campaign was
 * detected (campaign.detected_at − conversation.scored_at, both Postgres clocks). `--preload N` first
 * fills the index with N other conversations of distinct scripts, as a window of real traffic would. The same file
 * runs against a tree without the tick (there the decision is part of scoring, and the tick is 0).
 */
import * as path from 'node:path';
import { Client } from 'pg';
import { validateConversation, type Conversation } from '@vigil/contracts';
import {
  CampaignRepository,
  ConversationRepository,
  EngineConfigRepository,
  ScoringRepository,
  createDataSource,
  runMigrations,
} from '@vigil/data';
import {
  DEFAULT_ENGINE_CONFIG,
  customerWords,
  estimatedJaccard,
  lshBands,
  minhash,
  minhashOfHashes,
  shingleHashes,
} from '@vigil/engine';
import { ConversationGenerator, IncidentSchedule, createConversationGenerator } from '@vigil/simulator';
import { CampaignService } from '@vigil/workers/dist/scoring/campaigns.service';
import { EngineConfigSource } from '@vigil/workers/dist/scoring/engine-config.source';
import { ScoringService } from '@vigil/workers/dist/scoring/scoring.service';
import { processesCpuMs } from './cpu';
import { createGenerator } from './generator';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('rows', 100_000);
const BENIGN = arg('benign', 20_000);
const MIN_SHINGLES = arg('min-shingles', 20);
const SIMILARITY = arg('similarity', 0.8);
const MIN_CUSTOMERS = 3;

function simulatorCheck(): void {
  const generator = createConversationGenerator({ seed: 'campaign-bench' });
  const conversations = Array.from({ length: BENIGN }, () => generator.next());
  const started = process.cpuUsage();
  const indexed = conversations.map((c, i) => {
    const set = shingleHashes(customerWords(c.messages));
    const signature = set.length >= MIN_SHINGLES ? minhashOfHashes(set) : null;
    return { i, customer: c.customer?.id ?? `n${i}`, signature, bands: signature ? lshBands(signature) : [] };
  });
  const cpu = process.cpuUsage(started);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const buckets = new Map<string, number[]>();
  for (const row of indexed)
    row.bands.forEach((b, k) => {
      const key = `${k}:${b}`;
      buckets.set(key, [...(buckets.get(key) ?? []), row.i]);
    });
  // Clusters as the workers would form them: a conversation and its near-duplicates.
  let wouldForm = 0;
  let comparable = 0;
  for (const row of indexed) {
    if (!row.signature) continue;
    comparable++;
    const candidates = new Set(row.bands.flatMap((b, k) => buckets.get(`${k}:${b}`) ?? []));
    const customers = new Set([row.customer]);
    for (const j of candidates) {
      const other = indexed[j]!;
      if (j !== row.i && estimatedJaccard(row.signature, other.signature!) >= SIMILARITY)
        customers.add(other.customer);
    }
    if (customers.size >= MIN_CUSTOMERS) wouldForm++;
  }
  console.log(
    `simulator benign traffic: ${BENIGN} conversations, ${comparable} long enough to compare; ` +
      `signature CPU ${(cpuMs / BENIGN).toFixed(3)} ms per conversation; ` +
      `${wouldForm} conversations would sit in a campaign (≥${MIN_CUSTOMERS} customers at Jaccard ≥ ${SIMILARITY})`,
  );
}

async function indexBench(): Promise<void> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new Client({ connectionString: base });
  await admin.connect();
  const name = `vigil_bench_campaigns_${process.pid}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  try {
    await db.query(`
      CREATE TABLE campaign_signature (
        conversation_id uuid PRIMARY KEY, customer_key varchar(200) NOT NULL, channel varchar(16) NOT NULL,
        phone varchar(50), device_id varchar(200), ip varchar(64), started_at timestamptz NOT NULL,
        indexed_at timestamptz NOT NULL DEFAULT now(), bands integer[], signature bytea, campaign_id uuid)`);
    await db.query(
      `CREATE INDEX campaign_signature_bands_idx ON campaign_signature USING gin (bands) WITH (fastupdate = off)`,
    );
    await db.query(`CREATE INDEX ON campaign_signature (indexed_at)`);
    await db.query(`CREATE INDEX ON campaign_signature (customer_key)`);
    for (const c of ['phone', 'device_id', 'ip'])
      await db.query(`CREATE INDEX ON campaign_signature (${c}) WHERE ${c} IS NOT NULL`);

    // Distinct scripts: random shingle sets give signatures spread as real distinct texts do.
    const sample: number[][] = [];
    const t0 = performance.now();
    const BATCH = 5_000;
    for (let done = 0; done < ROWS; done += BATCH) {
      const n = Math.min(BATCH, ROWS - done);
      const bands: string[] = [];
      const sigs: Buffer[] = [];
      const customers: string[] = [];
      for (let k = 0; k < n; k++) {
        const sig = minhash(Array.from({ length: 40 }, (_, s) => `w${done + k}-${s}`));
        const b = lshBands(sig);
        if ((done + k) % Math.max(1, Math.floor(ROWS / 200)) === 0) sample.push(b);
        bands.push(`{${b.join(',')}}`);
        sigs.push(Buffer.from(sig.buffer));
        customers.push(`account:${done + k}`);
      }
      await db.query(
        `INSERT INTO campaign_signature (conversation_id, customer_key, channel, phone, ip, started_at, bands, signature)
         SELECT gen_random_uuid(), c, 'chat', '+3712' || (random() * 1e6)::int, '10.0.' || (random()*255)::int || '.' || (random()*255)::int,
                now(), b::int[], s
           FROM unnest($1::text[], $2::text[], $3::bytea[]) AS v(c, b, s)`,
        [customers, bands, sigs],
      );
    }
    const insertS = (performance.now() - t0) / 1000;
    await db.query(`VACUUM ANALYZE campaign_signature`);
    const [sizes] = (
      await db.query<{ table: string; indexes: string; gin: string; total: string }>(
        `SELECT pg_size_pretty(pg_relation_size('campaign_signature')) AS table,
                pg_size_pretty(pg_indexes_size('campaign_signature')) AS indexes,
                pg_size_pretty(pg_relation_size('campaign_signature_bands_idx')) AS gin,
                pg_size_pretty(pg_total_relation_size('campaign_signature')) AS total`,
      )
    ).rows;
    const lookup = async (b: number[]) => {
      const t = performance.now();
      await db.query(
        `SELECT * FROM (SELECT conversation_id, customer_key, signature, campaign_id, indexed_at
           FROM campaign_signature WHERE bands && $1::int[] OFFSET 0) m
         WHERE m.indexed_at > now() - interval '72 hours' LIMIT 500`,
        [`{${b.join(',')}}`],
      );
      return performance.now() - t;
    };
    // As the repository does inside its transaction (see CampaignTransaction.candidates).
    await db.query(`SET enable_seqscan = off`);
    const plan = await db.query(
      `EXPLAIN ANALYZE SELECT * FROM (SELECT conversation_id, customer_key, signature, campaign_id, indexed_at
           FROM campaign_signature WHERE bands && $1::int[] OFFSET 0) m
         WHERE m.indexed_at > now() - interval '72 hours' LIMIT 500`,
      [`{${sample[0]!.join(',')}}`],
    );
    if (process.argv.includes('--explain'))
      console.log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
    const times: number[] = [];
    for (const b of sample) times.push(await lookup(b));
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
    console.log(
      `index with ${ROWS} conversations: inserted in ${insertS.toFixed(1)} s; table ${sizes!.table}, ` +
        `indexes ${sizes!.indexes} (bands GIN ${sizes!.gin}), total ${sizes!.total}; ` +
        `candidate lookup (one conversation, 16 bands) median ${p(0.5)} ms, p95 ${p(0.95)} ms over ${times.length}`,
    );
  } finally {
    await db.end();
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

const COST_N = arg('n', 3000);
const COST_ROUNDS = arg('rounds', 3);
const COST_RATE = arg('rate', 400);
const TICK_EVERY_MS = arg('every', 1) * 1000;
const PRELOAD = arg('preload', 0);
const BATCH = 100;
const ROOT = path.resolve(__dirname, '..', '..');

interface Cpu {
  node: number;
  postgres: number;
}
const ZERO: Cpu = { node: 0, postgres: 0 };
const add = (a: Cpu, b: Cpu): Cpu => ({ node: a.node + b.node, postgres: a.postgres + b.postgres });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;

async function cpuOf(pids: number[], fn: () => Promise<unknown>): Promise<Cpu> {
  const pg = processesCpuMs(pids);
  const node = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(node);
  return { node: (used.user + used.system) / 1000, postgres: processesCpuMs(pids) - pg };
}

/** The bench's traffic: simulator conversations, one in twenty a caller reading the fraud script. */
function costTraffic(round: number): Conversation[] {
  const now = Date.now();
  const schedule = new IncidentSchedule({ seed: `campaign-cost-${round}`, startMs: now });
  const fraud = schedule.until(now + 3 * 3600_000).find((i) => i.kind === 'fraud-campaign');
  if (!fraud) throw new Error('the simulator schedule has no fraud campaign in its first three hours');
  const benign = createGenerator(ROOT, `campaign-cost-${round}`, `cc${now}`);
  const callers = new ConversationGenerator({ seed: `campaign-cost-fraud-${round}`, runId: `cf${now}` });
  const out: Conversation[] = [];
  while (out.length < COST_N) {
    const input =
      out.length % 20 === 7
        ? callers.next({ now, incident: fraud, incidentTraffic: true })
        : benign.next({ now });
    const result = validateConversation(input);
    if (result.ok) out.push(result.value);
  }
  return out;
}

interface CostRun {
  scoring: Cpu;
  /** Node CPU inside the campaign service's calls on the scoring path. */
  campaignNodeMs: number;
  tick: Cpu;
  ticks: number;
  /** Per campaign: ms from its first member scored, and from the member that made it detectable. */
  detection: { fromFirst: number; fromDetectable: number; size: number }[];
}

async function costRun(round: number, conversations: Conversation[], campaigns: boolean): Promise<CostRun> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `vigil_bench_campaign_cost_${process.pid}_${round + 1}_${campaigns ? 'on' : 'off'}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sources = ['a', 'b', 'tick'].map((role) =>
    createDataSource({ url: url.toString(), poolSize: 2, applicationName: `bench-${role}` }),
  );
  try {
    for (const s of sources) await s.initialize();
    await runMigrations(sources[0]!);
    await Promise.all(sources.flatMap((s) => [s.query('SELECT 1'), s.query('SELECT 1')]));
    const pidsOf = async (role: string) =>
      (
        await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`,
          [name, `bench-${role}`],
        )
      ).rows.map((r) => r.pid);
    const scoringPids = [...(await pidsOf('a')), ...(await pidsOf('b'))];
    const tickPids = await pidsOf('tick');

    // Stored as the API stores them (not measured).
    const store = new ConversationRepository(sources[0]!);
    const ids: string[] = [];
    for (let i = 0; i < conversations.length; i += 500)
      ids.push(...(await store.storeBatch(conversations.slice(i, i + 500))).map((c) => c.id));

    // Earlier traffic of the window: scored conversations, indexed, each its own script (random band
    // keys), so candidate lookups search an index of this size.
    if (PRELOAD > 0)
      await sources[0]!.query(
        `WITH c AS (
           INSERT INTO conversation (source, external_id, channel, agent_ids, started_at, ended_at, message_count, content, status, scored_at)
           SELECT 'preload', 'preload-' || n, 'chat', '{}', now(), now(), 0, '{}', 'scored', now() FROM generate_series(1, $1) n
           RETURNING id, external_id)
         INSERT INTO campaign_signature (conversation_id, customer_key, channel, started_at, bands, signature)
         SELECT id, 'account:' || external_id, 'chat', now(),
                ARRAY(SELECT (random() * 4294967295 - 2147483648)::bigint::int FROM generate_series(1, 16) WHERE id IS NOT NULL),
                decode(repeat(md5(external_id), 16), 'hex')
           FROM c`,
        [PRELOAD],
      );

    // Two workers instances as main.ts wires them; publishing to Redis is not what is measured.
    const settings = {
      windowHours: 72,
      similarity: 0.8,
      minCustomers: 3,
      sharedContactAccounts: 3,
      everySeconds: TICK_EVERY_MS / 1000,
    };
    const silent = { publish: async () => undefined } as never;
    // The node CPU of what ScoringService asks of campaigns: `record` (decided inline, before the
    // tick) or `indexRowsOf` (the tick's tree), whichever the tree has.
    let campaignNodeMs = 0;
    const metered = (service: CampaignService): CampaignService => {
      const methods = service as unknown as Record<string, unknown>;
      for (const method of ['record', 'indexRowsOf']) {
        const original = methods[method];
        if (typeof original !== 'function') continue;
        methods[method] = (...args: unknown[]) => {
          const started = process.cpuUsage();
          const stop = () => {
            const used = process.cpuUsage(started);
            campaignNodeMs += (used.user + used.system) / 1000;
          };
          const result = (original as (...a: unknown[]) => unknown).apply(service, args);
          if (result instanceof Promise) return result.finally(stop);
          stop();
          return result;
        };
      }
      return service;
    };
    const instance = (dataSource: (typeof sources)[number]) =>
      new ScoringService(
        new ScoringRepository(dataSource),
        new EngineConfigSource(new EngineConfigRepository(dataSource, DEFAULT_ENGINE_CONFIG)),
        silent,
        silent,
        undefined,
        campaigns ? metered(new CampaignService(new CampaignRepository(dataSource), settings)) : undefined,
      );
    const [a, b] = [instance(sources[0]!), instance(sources[1]!)];
    const ticker = new CampaignService(new CampaignRepository(sources[2]!), settings) as unknown as {
      tick?: () => Promise<{ decided: number }>;
    };
    const tick = campaigns && typeof ticker.tick === 'function' ? ticker.tick.bind(ticker) : null;

    let scoring = ZERO;
    let tickCpu = ZERO;
    let ticks = 0;
    let lastTick = performance.now();
    for (let i = 0; i < ids.length; i += 2 * BATCH) {
      const started = performance.now();
      scoring = add(
        scoring,
        await cpuOf(scoringPids, async () => {
          await a.scoreBatch(ids.slice(i, i + BATCH));
          await b.scoreBatch(ids.slice(i + BATCH, i + 2 * BATCH));
        }),
      );
      if (tick && performance.now() - lastTick >= TICK_EVERY_MS) {
        lastTick = performance.now();
        tickCpu = add(tickCpu, await cpuOf(tickPids, tick));
        ticks++;
      }
      const due = started + ((2 * BATCH) / COST_RATE) * 1000;
      if (performance.now() < due) await new Promise((r) => setTimeout(r, due - performance.now()));
    }
    // The rest, as the next ticks would take it.
    for (;;) {
      if (!tick) break;
      const wait = lastTick + TICK_EVERY_MS - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      lastTick = performance.now();
      let decided = 0;
      tickCpu = add(
        tickCpu,
        await cpuOf(tickPids, async () => {
          decided = (await tick()).decided;
        }),
      );
      ticks++;
      if (!decided) break;
    }
    const detection: { from_first: number; from_detectable: number; size: number }[] =
      await sources[0]!.query(
        `SELECT k.size,
              extract(epoch FROM k.detected_at - min(c.scored_at)) * 1000 AS from_first,
              extract(epoch FROM k.detected_at - (array_agg(c.scored_at ORDER BY c.scored_at))[$1]) * 1000 AS from_detectable
         FROM campaign k JOIN campaign_member m ON m.campaign_id = k.id JOIN conversation c ON c.id = m.conversation_id
        GROUP BY k.id`,
        [settings.minCustomers],
      );
    return {
      scoring,
      campaignNodeMs,
      tick: tickCpu,
      ticks,
      detection: detection.map((d) => ({
        fromFirst: Number(d.from_first),
        fromDetectable: Number(d.from_detectable),
        size: d.size,
      })),
    };
  } finally {
    for (const s of sources) if (s.isInitialized) await s.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function costBench(): Promise<void> {
  const per = (cpu: Cpu) => ({ node: cpu.node / COST_N, postgres: cpu.postgres / COST_N });
  const f = (ms: number) => ms.toFixed(3);
  const rows: { path: Cpu; tick: Cpu; fromFirst: number; fromDetectable: number }[] = [];
  // A run not counted first, so neither variant pays for the JIT; then they alternate.
  await costRun(-1, costTraffic(-1).slice(0, 1000), true);
  for (let r = 0; r < COST_ROUNDS; r++) {
    const conversations = costTraffic(r);
    const first = await costRun(r, conversations, r % 2 === 0);
    const second = await costRun(r, conversations, r % 2 !== 0);
    const [on, off] = r % 2 === 0 ? [first, second] : [second, first];
    const path = per({ node: on.campaignNodeMs, postgres: on.scoring.postgres - off.scoring.postgres });
    const tick = per(on.tick);
    // The fraud script's campaign: the largest.
    const fraud = [...on.detection].sort((x, y) => y.size - x.size)[0];
    rows.push({
      path,
      tick,
      fromFirst: fraud?.fromFirst ?? NaN,
      fromDetectable: fraud?.fromDetectable ?? NaN,
    });
    console.log(
      `[campaign-cost] round ${r + 1}: ms CPU per conversation — scoring path node ${f(path.node)} + postgres ${f(path.postgres)} ` +
        `(scoring node + postgres with campaigns ${f(on.scoring.node / COST_N)} + ${f(on.scoring.postgres / COST_N)}, without ${f(off.scoring.node / COST_N)} + ${f(off.scoring.postgres / COST_N)}); ` +
        `tick node ${f(tick.node)} + postgres ${f(tick.postgres)} over ${on.ticks} ticks; ` +
        `campaigns ${on.detection.length}, the fraud script's (${fraud?.size ?? 0} members) detected ${fraud?.fromFirst.toFixed(0)} ms after its first member was scored, ` +
        `${fraud?.fromDetectable.toFixed(0)} ms after the member that made it detectable`,
    );
  }
  const m = (pick: (row: (typeof rows)[number]) => number) => median(rows.map(pick));
  console.log(
    `[campaign-cost] medians over ${rows.length} rounds (${COST_N} conversations, ${COST_RATE}/s, tick every ${TICK_EVERY_MS / 1000} s, ${PRELOAD} preloaded): ` +
      `CPU per conversation on the scoring path ${f(m((x) => x.path.node + x.path.postgres))} ms (node ${f(m((x) => x.path.node))}, postgres ${f(m((x) => x.path.postgres))}), ` +
      `in the tick ${f(m((x) => x.tick.node + x.tick.postgres))} ms (node ${f(m((x) => x.tick.node))}, postgres ${f(m((x) => x.tick.postgres))}); ` +
      `detection ${m((x) => x.fromFirst).toFixed(0)} ms after the first member, ${m((x) => x.fromDetectable).toFixed(0)} ms after the member that made it detectable`,
  );
}

async function main(): Promise<void> {
  const { stdout } = await import('node:process');
  stdout.write(
    `load: ${(await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  if (process.argv.includes('--cost')) return costBench();
  simulatorCheck();
  if (ROWS > 0) await indexBench();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
