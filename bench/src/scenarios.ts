import { cpuBetween, snapshotCpu, type CpuPart, type CpuSnapshot } from './cpu';
import { ScoredFeed } from './feed';
import type { VigilApi } from './http';
import type { BenchOptions, Scenario } from './options';
import { BacklogSampler, RssSampler, stackFilter, type Role } from './samplers';
import { createGenerator } from './generator';
import { percentile } from './stats';

/**
 * The scenarios. Each run posts its own freshly generated conversations (unique external ids), then
 * waits until every accepted one has shown up in a `conversations:scored` socket event (there is no
 * fallback: a conversation that never shows up, failed or lost, counts as not scored), sampling process
 * RSS and the not-yet-scored backlog the whole time. Every loop is bounded by a count or a deadline.
 */

export interface RssFigures {
  start?: number;
  peak?: number;
  end?: number;
}

export interface RunResult {
  scenario: Scenario;
  run: number;
  n: number;
  accepted: number;
  rejected: number;
  /** Failed POST attempts (429, 5xx, network); they were retried. */
  postErrors: number;
  /** Accepted conversations not seen scored before the deadline. */
  unscored: number;
  acceptedPerSec: number;
  /** From the first POST to the last conversation scored. */
  scoredPerSec?: number;
  drainSeconds?: number;
  latency?: {
    p50?: number;
    p95?: number;
    p99?: number;
    ackP50?: number;
    ackP95?: number;
    matched: number;
    /** Always POST → the `conversations:scored` socket event (no fallback: a silent socket leaves `matched` short). */
    via: 'socket';
  };
  rss: Record<Role, RssFigures>;
  /** CPU ms per accepted conversation, by part of the stack, from the first POST to the last scored (see cpu.ts). */
  cpuMsPerConversation?: Record<CpuPart, number>;
  /** Workers processes of the stack under test, as found by the RSS sampler. */
  workersProcesses?: number;
  /** How busy the machine was: load average before and after the run, CPU probe before it (see probe.ts). */
  conditions?: { load: number; loadEnd: number; probe: number };
  backlogMax?: number;
  /** Burst only: one row every ~5 s. */
  series?: Array<{ s: number; backlog?: number; api?: number; workers?: number }>;
  scoredVia: 'socket' | 'timeout';
}

export interface ScenarioContext {
  api: VigilApi;
  root: string;
  cookie: string;
  options: BenchOptions;
  log: (line: string) => void;
}

/**
 * The backlog is read through the public list endpoint (a filtered count and page), which is not
 * free: on this 2-core box, with 20,000 conversations and none queued, one such read cost Postgres
 * 0.05–0.6 s (the partial index of unscored rows keeps dead entries until a vacuum, and the page
 * scans ended_at backwards for a status that no longer matches). Every 2 s that was the bench
 * loading the machine it measures, more with every run; every 5 s is enough to see the backlog.
 */
const BACKLOG_EVERY_MS = 5000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const RETRYABLE = (status: number): boolean => status === 0 || status === 429 || status >= 500;
const MAX_ATTEMPTS = 6;

function generateBodies(
  ctx: ScenarioContext,
  scenario: Scenario,
  run: number,
  n: number,
  batch?: number,
): string[] {
  const started = Date.now();
  const generator = createGenerator(
    ctx.root,
    `bench-${scenario}-${run}`,
    `bench-${Date.now().toString(36)}-${scenario}${run}`,
  );
  const bodies: string[] = [];
  if (!batch) for (let i = 0; i < n; i++) bodies.push(JSON.stringify(generator.next()));
  else
    for (let i = 0; i < n; i += batch) {
      const items = [];
      for (let j = i; j < Math.min(n, i + batch); j++) items.push(generator.next());
      bodies.push(JSON.stringify(items));
    }
  const mb = bodies.reduce((s, b) => s + b.length, 0) / 1e6;
  ctx.log(
    `[bench] ${scenario} run ${run}: generated ${n} conversations (${mb.toFixed(0)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return bodies;
}

interface Harness {
  feed: ScoredFeed;
  rss: RssSampler;
  backlog: BacklogSampler;
  cpuAtStart: CpuSnapshot;
  t0: number;
}

async function startHarness(ctx: ScenarioContext, backlogEveryMs: number): Promise<Harness> {
  const feed = new ScoredFeed();
  await feed.connect(ctx.api.url, ctx.cookie);
  const port = Number(new URL(ctx.api.url).port || 80);
  const rss = new RssSampler(500, stackFilter(port)).start();
  const backlog = new BacklogSampler(ctx.api, backlogEveryMs).start();
  await sleep(600); // a first RSS sample (which finds the stack's processes) before the load
  return { feed, rss, backlog, cpuAtStart: snapshotCpu(rss.pids), t0: Date.now() };
}

function stopHarness(h: Harness): void {
  h.rss.stop();
  h.backlog.stop();
  h.feed.close();
}

/** Waits until every id is scored; returns when the last one was. */
async function waitScored(
  ctx: ScenarioContext,
  h: Harness,
  ids: string[],
  timeoutMs: number,
): Promise<{ doneAt?: number; via: RunResult['scoredVia']; unscored: number }> {
  const deadline = Date.now() + timeoutMs;
  let lastLog = Date.now();
  while (Date.now() < deadline) {
    let seen = 0;
    let lastSeen = 0;
    for (const id of ids) {
      const t = h.feed.seenAt.get(id);
      if (t !== undefined) {
        seen++;
        if (t > lastSeen) lastSeen = t;
      }
    }
    if (seen === ids.length) return { doneAt: lastSeen, via: 'socket', unscored: 0 };
    if (Date.now() - lastLog > 5000) {
      lastLog = Date.now();
      const b = h.backlog.samples[h.backlog.samples.length - 1]?.backlog;
      ctx.log(`[bench]   scored ${seen}/${ids.length}${b === undefined ? '' : `, backlog ${b}`}`);
    }
    await sleep(250);
  }
  const unscored = ids.filter((id) => !h.feed.seenAt.has(id)).length;
  return { via: 'timeout', unscored };
}

function rssFigures(h: Harness): Record<Role, RssFigures> {
  const of = (role: Role): RssFigures => ({
    start: h.rss.first(role),
    peak: h.rss.peak(role),
    end: h.rss.last(role),
  });
  return { api: of('api'), workers: of('workers') };
}

/** Taken as soon as the last conversation is scored, so idle time after the drain does not count. */
function cpuPerConversation(h: Harness, conversations: number): Record<CpuPart, number> | undefined {
  if (conversations === 0) return undefined;
  const used = cpuBetween(h.cpuAtStart, snapshotCpu(h.rss.pids));
  return Object.fromEntries(Object.entries(used).map(([part, ms]) => [part, ms / conversations])) as Record<
    CpuPart,
    number
  >;
}

function workersProcesses(h: Harness): number {
  return [...h.rss.pids.values()].filter((role) => role === 'workers').length;
}

function timeoutMs(ctx: ScenarioContext, n: number): number {
  return (ctx.options.timeoutSeconds ?? 60 + n / 100) * 1000;
}

/** Sends pre-serialised bodies with `concurrency` workers; returns accepted ids. */
async function sendAll(
  bodies: string[],
  concurrency: number,
  send: (body: string) => Promise<{ status: number; ids: string[]; rejected: number }>,
): Promise<{ ids: string[]; rejected: number; errors: number }> {
  const ids: string[] = [];
  let rejected = 0;
  let errors = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= bodies.length) return;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const r = await send(bodies[i]!);
        if (r.status >= 200 && r.status < 300) {
          ids.push(...r.ids);
          rejected += r.rejected;
          break;
        }
        if (!RETRYABLE(r.status)) {
          rejected++;
          break;
        }
        errors++;
        if (attempt < MAX_ATTEMPTS) await sleep(Math.min(5000, 100 * 2 ** attempt));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
  return { ids, rejected, errors };
}

async function throughput(
  ctx: ScenarioContext,
  scenario: 'single' | 'bulk' | 'burst',
  run: number,
  n: number,
): Promise<RunResult> {
  const { api, options } = ctx;
  const bulk = scenario !== 'single';
  const bodies = generateBodies(ctx, scenario, run, n, bulk ? options.bulkSize : undefined);
  const h = await startHarness(ctx, scenario === 'burst' ? 1000 : BACKLOG_EVERY_MS);
  try {
    ctx.log(
      `[bench] ${scenario} run ${run}: posting ${n} conversations ${bulk ? `in batches of ${options.bulkSize}, ${options.bulkConcurrency} at a time` : `one per request, ${options.concurrency} connections`}`,
    );
    const sent = bulk
      ? await sendAll(bodies, options.bulkConcurrency, async (b) => {
          const r = await api.postBulk(b);
          return { status: r.status, ids: r.ids, rejected: r.rejected };
        })
      : await sendAll(bodies, options.concurrency, async (b) => {
          const r = await api.postOne(b);
          return { status: r.status, ids: r.id ? [r.id] : [], rejected: 0 };
        });
    const postedAt = Date.now();
    bodies.length = 0;
    const acceptedPerSec = sent.ids.length / ((postedAt - h.t0) / 1000);
    ctx.log(
      `[bench] ${scenario} run ${run}: ${sent.ids.length} accepted in ${((postedAt - h.t0) / 1000).toFixed(1)} s = ${acceptedPerSec.toFixed(0)}/s (rejected ${sent.rejected}, failed attempts ${sent.errors}); waiting for scoring…`,
    );
    const done = await waitScored(ctx, h, sent.ids, timeoutMs(ctx, n));
    const cpu = cpuPerConversation(h, sent.ids.length);
    await sleep(1000); // one more RSS and backlog sample after the drain
    const result: RunResult = {
      scenario,
      run,
      n,
      accepted: sent.ids.length,
      rejected: sent.rejected,
      postErrors: sent.errors,
      unscored: done.unscored,
      acceptedPerSec,
      scoredPerSec: done.doneAt ? sent.ids.length / ((done.doneAt - h.t0) / 1000) : undefined,
      drainSeconds: done.doneAt ? Math.max(0, (done.doneAt - postedAt) / 1000) : undefined,
      rss: rssFigures(h),
      cpuMsPerConversation: cpu,
      workersProcesses: workersProcesses(h),
      backlogMax: h.backlog.max(),
      scoredVia: done.via,
    };
    if (scenario === 'burst') result.series = series(h);
    return result;
  } finally {
    stopHarness(h);
  }
}

/** One row per ~5 s: backlog and RSS. */
function series(h: Harness): NonNullable<RunResult['series']> {
  const rows: NonNullable<RunResult['series']> = [];
  const end = Math.max(
    h.rss.samples[h.rss.samples.length - 1]?.t ?? 0,
    h.backlog.samples[h.backlog.samples.length - 1]?.t ?? 0,
  );
  const start = h.t0;
  const step = Math.max(5000, Math.ceil((end - start) / 60 / 5000) * 5000);
  for (let t = start; t <= end + 1; t += step) {
    const near = <T extends { t: number }>(list: T[]): T | undefined =>
      list.reduce<T | undefined>(
        (best, s) => (Math.abs(s.t - t) < Math.abs((best?.t ?? Infinity) - t) ? s : best),
        undefined,
      );
    const r = near(h.rss.samples);
    const b = near(h.backlog.samples);
    rows.push({ s: Math.round((t - start) / 1000), backlog: b?.backlog, api: r?.api, workers: r?.workers });
  }
  return rows;
}

async function latency(ctx: ScenarioContext, run: number): Promise<RunResult> {
  const { api, options } = ctx;
  const rate = options.latencyRate;
  const n = rate * options.latencySeconds;
  const bodies = generateBodies(ctx, 'latency', run, n);
  const h = await startHarness(ctx, BACKLOG_EVERY_MS);
  try {
    ctx.log(`[bench] latency run ${run}: ${rate} conversations/s for ${options.latencySeconds} s`);
    const sentAt = new Map<string, number>();
    const acks: number[] = [];
    let inFlight = 0;
    let errors = 0;
    let rejected = 0;
    let late = 0;
    const pending = new Set<Promise<void>>();
    const sendOne = async (body: string): Promise<void> => {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const at = Date.now();
        const r = await api.postOne(body);
        if (r.id) {
          sentAt.set(r.id, at);
          acks.push(Date.now() - at);
          return;
        }
        if (!RETRYABLE(r.status)) {
          rejected++;
          return;
        }
        errors++;
        await sleep(100 * 2 ** attempt);
      }
    };
    // Open-loop pacing: conversation i is due at t0 + i / rate; never more than `concurrency` in flight.
    const deadline = h.t0 + options.latencySeconds * 1000 * 3 + 30_000;
    for (let i = 0; i < n && Date.now() < deadline;) {
      const due = h.t0 + (i * 1000) / rate;
      const now = Date.now();
      if (now < due) {
        await sleep(Math.min(20, due - now));
        continue;
      }
      if (inFlight >= options.concurrency) {
        await Promise.race(pending);
        continue;
      }
      if (now - due > 100) late++;
      inFlight++;
      const p: Promise<void> = sendOne(bodies[i]!).finally(() => {
        inFlight--;
        pending.delete(p);
      });
      pending.add(p);
      i++;
    }
    await Promise.all(pending);
    const postedAt = Date.now();
    const ids = [...sentAt.keys()];
    ctx.log(
      `[bench] latency run ${run}: ${ids.length} accepted (${late} sent late, ${errors} failed attempts); waiting for scoring…`,
    );
    const done = await waitScored(ctx, h, ids, timeoutMs(ctx, n));
    const cpu = cpuPerConversation(h, ids.length);
    const latencies: number[] = [];
    for (const [id, at] of sentAt) {
      const seen = h.feed.seenAt.get(id);
      if (seen !== undefined) latencies.push(seen - at);
    }
    return {
      scenario: 'latency',
      run,
      n,
      accepted: ids.length,
      rejected,
      postErrors: errors,
      unscored: done.unscored,
      acceptedPerSec: ids.length / ((postedAt - h.t0) / 1000),
      scoredPerSec: done.doneAt ? ids.length / ((done.doneAt - h.t0) / 1000) : undefined,
      latency: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        ackP50: percentile(acks, 50),
        ackP95: percentile(acks, 95),
        matched: latencies.length,
        via: 'socket',
      },
      rss: rssFigures(h),
      cpuMsPerConversation: cpu,
      workersProcesses: workersProcesses(h),
      backlogMax: h.backlog.max(),
      scoredVia: done.via,
    };
  } finally {
    stopHarness(h);
  }
}

/**
 * Posts `n` conversations in bulk and waits until they are scored, before the measured runs: the
 * first thousands of conversations after a start run in cold code (V8 has not optimised it yet)
 * and on an empty database, which is not the product's steady state.
 */
export async function warmUp(ctx: ScenarioContext, n: number): Promise<void> {
  const started = Date.now();
  const r = await throughput(ctx, 'bulk', 0, n);
  ctx.log(
    `[bench] warm-up: ${r.accepted} conversations scored in ${((Date.now() - started) / 1000).toFixed(1)} s (not counted)`,
  );
  if (r.unscored) throw new Error(`warm-up: ${r.unscored} conversations not scored; is the stack healthy?`);
}

export async function runScenario(ctx: ScenarioContext, scenario: Scenario, run: number): Promise<RunResult> {
  switch (scenario) {
    case 'single':
      return throughput(ctx, 'single', run, ctx.options.n);
    case 'bulk':
      return throughput(ctx, 'bulk', run, ctx.options.n);
    case 'burst':
      return throughput(ctx, 'burst', run, ctx.options.burstN);
    case 'latency':
      return latency(ctx, run);
  }
}
