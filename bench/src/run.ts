/**
 * `npm run bench`: drives Vigil through its public API and records what it does: the running stack
 * at BENCH_URL, or with --start the product it starts itself with `npm start` (and stops after).
 * Each product started is warmed up first (--warmup conversations, not counted); before every run
 * the load average and a CPU probe are taken and printed beside its figures.
 *
 *  single   N conversations, one POST each over 50 connections: accepted/s and scored/s end to end
 *  bulk     N conversations in batches of 500 through the bulk endpoint: accepted/s and scored/s
 *  latency  a fixed 300 conv/s of single POSTs for 30 s: POST → `conversations:scored` p50/p95/p99
 *  burst    100,000 conversations in bulk as fast as possible, then the drain: backlog and RSS over time
 *
 * Peak RSS of the api and workers processes (found with `ps` by their dist/main.js) is sampled every
 * 500 ms and the backlog (received + queued, from the API) every 1–2 s during every run. Figures are
 * medians over --runs; bench/results.json is updated and a section added on top of bench/RESULTS.md
 * (earlier ones are kept) unless --dry-run.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchUrl, findRepoRoot, loadBenchConfig } from './config';
import { VigilApi } from './http';
import { BENCH_USAGE, BenchArgsError, parseBenchArgs, type BenchOptions, type Scenario } from './options';
import { describeProbe, probeCpu } from './probe';
import { startProduct, type StartedProduct } from './product';
import {
  cpuCell,
  maxRss,
  mergeResultsJson,
  readJson,
  renderSection,
  updateResultsMd,
  type BenchResultsJson,
  type Machine,
} from './report';
import { runScenario, warmUp, type RunResult, type ScenarioContext } from './scenarios';
import { fmt } from './stats';

function machine(root: string): Machine {
  let cores = os.availableParallelism?.() ?? os.cpus().length;
  try {
    cores = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || cores;
  } catch {
    // no nproc: keep what Node says
  }
  return {
    cores,
    node: process.version,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg()[0],
    probe: probeCpu(root),
  };
}

function printRun(r: RunResult): void {
  const parts = [
    `[bench] ${r.scenario} run ${r.run}${r.workersProcesses ? ` (${r.workersProcesses} workers processes)` : ''}: accepted ${fmt(r.acceptedPerSec)}/s`,
    `scored ${fmt(r.scoredPerSec)}/s end to end`,
    r.drainSeconds !== undefined ? `drain ${fmt(r.drainSeconds, 1)} s` : undefined,
    r.latency
      ? `latency p50 ${fmt(r.latency.p50)} / p95 ${fmt(r.latency.p95)} / p99 ${fmt(r.latency.p99)} ms (${r.latency.matched} matched)`
      : undefined,
    `peak RSS api ${fmt(r.rss.api.peak)} MB, workers ${fmt(r.rss.workers.peak)} MB`,
    `max backlog ${fmt(r.backlogMax)}`,
    r.cpuMsPerConversation ? `CPU per conversation ${cpuCell(r.cpuMsPerConversation)}` : undefined,
    r.unscored ? `${r.unscored} NOT SCORED` : undefined,
    r.conditions
      ? `load average ${r.conditions.load.toFixed(2)} → ${r.conditions.loadEnd.toFixed(2)}, CPU probe ×${r.conditions.probe.toFixed(2)}`
      : undefined,
  ];
  process.stdout.write(`${parts.filter(Boolean).join(', ')}\n`);
}

interface Session {
  api: VigilApi;
  ctx: ScenarioContext;
  product?: StartedProduct;
}

async function main(argv: string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    if (error instanceof BenchArgsError) {
      process.stderr.write(`bench: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  const root = findRepoRoot(__dirname);
  const url = benchUrl(process.env);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(url).hostname))
    throw new Error(`the bench only drives a local stack (loopback); BENCH_URL is ${url}`);
  const log = (line: string): void => void process.stdout.write(`${line}\n`);

  /** Connects to the stack (starting it first with --start), signs in and warms it up. */
  const open = async (workers: number | undefined): Promise<Session> => {
    const product = options.start ? await startProduct(root, url, workers, log) : undefined;
    let api: VigilApi | undefined;
    try {
      const config = loadBenchConfig(process.env, root);
      api = new VigilApi(url, config.ingestKey, Math.max(options.concurrency, options.bulkConcurrency) + 8);
      if (!(await api.health().catch(() => false)))
        throw new Error(
          `nothing healthy at ${url}/api/v1/health; start the stack with npm start, or use --start`,
        );
      await api.login(config.adminEmail, config.adminPassword);
      const ctx: ScenarioContext = { api, root, cookie: api.sessionCookie, options, log };
      if (options.warmup > 0) await warmUp(ctx, options.warmup);
      return { api, ctx, product };
    } catch (error) {
      api?.close();
      await product?.stop();
      throw error;
    }
  };
  const close = async (session: Session): Promise<void> => {
    session.api.close();
    await session.product?.stop();
  };
  const measure = async (session: Session, scenario: Scenario, run: number): Promise<RunResult> => {
    const before = probeCpu(root);
    log(`[bench] ${scenario} run ${run}: ${describeProbe(before)}`);
    const result = await runScenario(session.ctx, scenario, run);
    result.conditions = { load: before.load, loadEnd: os.loadavg()[0]!, probe: before.relative };
    printRun(result);
    return result;
  };

  const m = machine(root);
  log(
    `[bench] ${url}, ${m.cores} cores, Node ${m.node}, ${m.probe ? describeProbe(m.probe) : ''}; scenarios ${options.scenarios.join(', ')}`,
  );
  const runsOf = (scenario: Scenario) =>
    scenario === 'burst' && !argv.some((a) => a.startsWith('--runs')) ? 1 : options.runs;
  const results: RunResult[] = [];
  const configs = options.workers.length ? options.workers : [undefined];
  if (configs.length === 1) {
    const session = await open(configs[0]);
    try {
      for (const scenario of options.scenarios)
        for (let run = 1; run <= runsOf(scenario); run++) results.push(await measure(session, scenario, run));
    } finally {
      await close(session);
    }
  } else {
    // A/B: each run starts the product afresh with each number of workers processes in turn, so a
    // change in the machine's load falls on all of them alike.
    for (const scenario of options.scenarios)
      for (let run = 1; run <= runsOf(scenario); run++)
        for (const workers of configs) {
          const session = await open(workers);
          try {
            results.push(await measure(session, scenario, run));
          } finally {
            await close(session);
          }
        }
  }

  const now = new Date();
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const json = mergeResultsJson(
    readJson<BenchResultsJson>(path.join(root, 'bench', 'results.json')),
    results,
    options.latencyRate,
    now,
  );
  const section = renderSection(results, command, m, now, options.latencyRate);
  log('');
  log(section);
  log(`[bench] max RSS of any process in this invocation: ${fmt(maxRss(results))} MB`);
  if (!options.dryRun) {
    fs.writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(json, null, 2)}\n`);
    const mdFile = path.join(root, 'bench', 'RESULTS.md');
    const previous = fs.existsSync(mdFile) ? fs.readFileSync(mdFile, 'utf8') : undefined;
    fs.writeFileSync(mdFile, updateResultsMd(previous, section));
    log(`[bench] wrote bench/results.json and bench/RESULTS.md`);
  }
  return results.some((r) => r.unscored > 0) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
