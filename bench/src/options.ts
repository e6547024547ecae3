import { parseArgs } from 'node:util';

export const SCENARIOS = ['single', 'bulk', 'latency', 'burst'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchOptions {
  scenarios: Scenario[];
  /** Conversations per run for single and bulk. */
  n: number;
  /** Runs per scenario (burst runs once unless asked); figures are medians over the runs. */
  runs: number;
  burstN: number;
  /** Fixed rate (conv/s) and duration of the latency scenario. */
  latencyRate: number;
  latencySeconds: number;
  concurrency: number;
  bulkSize: number;
  bulkConcurrency: number;
  /** Longest wait for everything to be scored, per run. */
  timeoutSeconds?: number;
  /** Do not touch bench/results.json and bench/RESULTS.md. */
  dryRun: boolean;
  /** Start the product with `npm start` for the bench (and stop it after) instead of driving a running one. */
  start: boolean;
  /**
   * With --start: the VIGIL_WORKERS_PROCESSES of each product started; with several, the runs
   * alternate between them (run 1 with each, then run 2 with each…). Empty: the product's default.
   */
  workers: number[];
  /** Conversations posted in bulk before the measured runs of each started product, not counted. */
  warmup: number;
  help: boolean;
}

export const BENCH_USAGE = `Usage: npm run bench -- [options]

Drives a running Vigil through its public API (url and credentials from BENCH_URL, BENCH_INGEST_KEY,
BENCH_ADMIN_EMAIL, BENCH_ADMIN_PASSWORD, defaulting to .vigil/first-run.json written by npm start).

  --scenario <s>        single | bulk | latency | burst | all (default all; comma-separate several)
  --n <n>               conversations per run for single and bulk (default 20000)
  --runs <n>            runs of each scenario; figures are medians (default 3; burst 1)
  --burst-n <n>         conversations in the burst (default 100000)
  --latency-rate <n>    fixed rate of the latency scenario, conv/s (default 300)
  --latency-seconds <s> its duration (default 30)
  --concurrency <n>     connections for single POSTs (default 50)
  --bulk-size <n>       conversations per bulk request (default 500)
  --timeout <s>         longest wait for scoring per run (default: 60 s + 10 ms per conversation)
  --start               start the product with npm start for the bench and stop it after (otherwise
                        drive the one running at BENCH_URL)
  --workers <n,…>       with --start: workers processes (VIGIL_WORKERS_PROCESSES); several values
                        alternate run by run, e.g. --workers 1,2 (default: the product's, auto)
  --warmup <n>          conversations posted in bulk before the measured runs, not counted
                        (default 2000; 0 for none)
  --dry-run             print figures only; do not update bench/results.json and bench/RESULTS.md

Beside every run it prints the load average and a CPU probe (a fixed loop's time relative to the
fastest seen on this machine): figures taken on a busy machine are not comparable.`;

export class BenchArgsError extends Error {}

function int(name: string, raw: string | undefined, fallback: number, min = 1, max = 10_000_000): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new BenchArgsError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

function parseWorkers(raw: string | undefined, start: boolean): number[] {
  if (raw === undefined) return [];
  if (!start)
    throw new BenchArgsError('--workers needs --start (the bench sets it on the product it starts)');
  return [...new Set(raw.split(',').map((w) => int('workers', w.trim(), 1, 1, 64)))];
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: 'string' },
        n: { type: 'string' },
        runs: { type: 'string' },
        'burst-n': { type: 'string' },
        'latency-rate': { type: 'string' },
        'latency-seconds': { type: 'string' },
        concurrency: { type: 'string' },
        'bulk-size': { type: 'string' },
        'bulk-concurrency': { type: 'string' },
        timeout: { type: 'string' },
        'dry-run': { type: 'boolean' },
        start: { type: 'boolean' },
        workers: { type: 'string' },
        warmup: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new BenchArgsError(
      `${(error as Error).message.replace(/\.*$/, '.')} Run with --help for the options.`,
    );
  }
  const requested = (values.scenario ?? 'all').split(',').map((s) => s.trim());
  const scenarios: Scenario[] = [];
  for (const s of requested) {
    if (s === 'all') scenarios.push(...SCENARIOS);
    else if ((SCENARIOS as readonly string[]).includes(s)) scenarios.push(s as Scenario);
    else
      throw new BenchArgsError(`--scenario must be one of ${[...SCENARIOS, 'all'].join(', ')}, got "${s}"`);
  }
  return {
    scenarios: [...new Set(scenarios)].sort((a, b) => SCENARIOS.indexOf(a) - SCENARIOS.indexOf(b)),
    n: int('n', values.n, 20_000),
    runs: int('runs', values.runs, 3, 1, 20),
    burstN: int('burst-n', values['burst-n'], 100_000),
    latencyRate: int('latency-rate', values['latency-rate'], 300, 1, 100_000),
    latencySeconds: int('latency-seconds', values['latency-seconds'], 30, 1, 3600),
    concurrency: int('concurrency', values.concurrency, 50, 1, 1000),
    bulkSize: int('bulk-size', values['bulk-size'], 500, 1, 10_000),
    bulkConcurrency: int('bulk-concurrency', values['bulk-concurrency'], 4, 1, 64),
    timeoutSeconds:
      values.timeout === undefined ? undefined : int('timeout', values.timeout, 0, 1, 24 * 3600),
    dryRun: values['dry-run'] ?? false,
    start: values.start ?? false,
    workers: parseWorkers(values.workers, values.start ?? false),
    warmup: int('warmup', values.warmup, 2000, 0, 1_000_000),
    help: values.help ?? false,
  };
}
