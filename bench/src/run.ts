/**
 * `npm run bench`: drives the running stack through its public API and records what it does.
 *
 *  single   N conversations, one POST each over 50 connections: accepted/s and scored/s end to end
 *  bulk     N conversations in batches of 500 through the bulk endpoint: accepted/s and scored/s
 *  latency  a fixed 300 conv/s of single POSTs for 30 s: POST → `conversations:scored` p50/p95/p99
 *  burst    100,000 conversations in bulk as fast as possible, then the drain: backlog and RSS over time
 *
 * Peak RSS of the api and workers processes (found with `ps` by their dist/main.js) is sampled every
 * 500 ms and the backlog (received + queued, from the API) every 1–2 s during every run. Figures are
 * medians over --runs; bench/results.json and bench/RESULTS.md are updated unless --dry-run.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRepoRoot, loadBenchConfig } from './config';
import { VigilApi } from './http';
import { BENCH_USAGE, BenchArgsError, parseBenchArgs, type BenchOptions } from './options';
import {
  maxRss,
  mergeResultsJson,
  readJson,
  renderSection,
  updateResultsMd,
  type BenchResultsJson,
  type Machine,
} from './report';
import { runScenario, type RunResult, type ScenarioContext } from './scenarios';
import { fmt } from './stats';

function machine(): Machine {
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
  };
}

function printRun(r: RunResult): void {
  const parts = [
    `[bench] ${r.scenario} run ${r.run}: accepted ${fmt(r.acceptedPerSec)}/s`,
    `scored ${fmt(r.scoredPerSec)}/s end to end`,
    r.drainSeconds !== undefined ? `drain ${fmt(r.drainSeconds, 1)} s` : undefined,
    r.latency
      ? `latency p50 ${fmt(r.latency.p50)} / p95 ${fmt(r.latency.p95)} / p99 ${fmt(r.latency.p99)} ms (${r.latency.matched} matched)`
      : undefined,
    `peak RSS api ${fmt(r.rss.api.peak)} MB, workers ${fmt(r.rss.workers.peak)} MB`,
    `max backlog ${fmt(r.backlogMax)}`,
    r.unscored ? `${r.unscored} NOT SCORED` : undefined,
  ];
  process.stdout.write(`${parts.filter(Boolean).join(', ')}\n`);
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
  const config = loadBenchConfig(process.env, root);
  const url = new URL(config.url);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname))
    throw new Error(`the bench only drives a local stack (loopback); BENCH_URL is ${config.url}`);

  const api = new VigilApi(
    config.url,
    config.ingestKey,
    Math.max(options.concurrency, options.bulkConcurrency) + 8,
  );
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  try {
    if (!(await api.health().catch(() => false)))
      throw new Error(`nothing healthy at ${config.url}/api/v1/health; start the stack with npm start`);
    await api.login(config.adminEmail, config.adminPassword);
    const ctx: ScenarioContext = { api, root, cookie: api.sessionCookie, options, log };
    const m = machine();
    log(`[bench] ${config.url}, ${m.cores} cores, Node ${m.node}; scenarios ${options.scenarios.join(', ')}`);

    const results: RunResult[] = [];
    for (const scenario of options.scenarios) {
      const runs = scenario === 'burst' && !argv.some((a) => a.startsWith('--runs')) ? 1 : options.runs;
      for (let run = 1; run <= runs; run++) {
        const result = await runScenario(ctx, scenario, run);
        results.push(result);
        printRun(result);
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
    log('');
    log(renderSection(results, command, m, now, options.latencyRate));
    log(`[bench] max RSS of any process in this invocation: ${fmt(maxRss(results))} MB`);
    if (!options.dryRun) {
      fs.writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(json, null, 2)}\n`);
      const mdFile = path.join(root, 'bench', 'RESULTS.md');
      const previous = fs.existsSync(mdFile) ? fs.readFileSync(mdFile, 'utf8') : undefined;
      fs.writeFileSync(
        mdFile,
        updateResultsMd(previous, renderSection(results, command, m, now, options.latencyRate)),
      );
      log(`[bench] wrote bench/results.json and bench/RESULTS.md`);
    }
    return results.some((r) => r.unscored > 0) ? 1 : 0;
  } finally {
    api.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
