import * as fs from 'node:fs';
import { CPU_PARTS, type CpuPart } from './cpu';
import type { ProbeReading } from './probe';
import type { RunResult } from './scenarios';
import type { Scenario } from './options';
import { fmt, median, round } from './stats';

/** Figures over runs (medians), the results.json contract, and the RESULTS.md section. */

export interface BenchResultsJson {
  bulkScoredPerSec: number | null;
  singleScoredPerSec: number | null;
  p95LatencyMsAt300: number | null;
  maxRssMb: number | null;
  measuredAt: string;
}

export interface Machine {
  cores: number;
  node: string;
  cpu: string;
  memoryGb: number;
  /** 1-minute load average when the bench started: other work on the box skews the figures. */
  loadAverage?: number;
  /** The CPU probe when the bench started (see probe.ts). */
  probe?: ProbeReading;
}

export function runsOf(results: RunResult[], scenario: Scenario): RunResult[] {
  return results.filter((r) => r.scenario === scenario);
}

/** The runs of a scenario in groups by number of workers processes, fewest first. */
export function groupsOf(results: RunResult[], scenario: Scenario): RunResult[][] {
  const groups = new Map<number, RunResult[]>();
  for (const r of runsOf(results, scenario)) {
    const key = r.workersProcesses ?? 0;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, runs]) => runs);
}

/** For results.json: the runs with the most workers processes (the product's default, auto, uses every core). */
function headlineRuns(results: RunResult[], scenario: Scenario): RunResult[] {
  return groupsOf(results, scenario).at(-1) ?? [];
}

export function maxRss(results: RunResult[]): number | undefined {
  const peaks = results
    .flatMap((r) => [r.rss.api.peak, r.rss.workers.peak])
    .filter((v): v is number => v !== undefined);
  return peaks.length ? Math.max(...peaks) : undefined;
}

/**
 * Merges new figures into the previous results.json: a scenario that did not run keeps its last
 * figure. The latency figure is only taken from runs at 300 conv/s, as its name says.
 */
export function mergeResultsJson(
  previous: Partial<BenchResultsJson> | undefined,
  results: RunResult[],
  latencyRate: number,
  now: Date,
): BenchResultsJson {
  const pick = (value: number | undefined, old: number | null | undefined): number | null =>
    value !== undefined ? (round(value, value < 100 ? 1 : 0) ?? null) : (old ?? null);
  const bulk = median(headlineRuns(results, 'bulk').map((r) => r.scoredPerSec));
  const single = median(headlineRuns(results, 'single').map((r) => r.scoredPerSec));
  const p95 =
    latencyRate === 300 ? median(headlineRuns(results, 'latency').map((r) => r.latency?.p95)) : undefined;
  const rss = maxRss(results);
  return {
    bulkScoredPerSec: pick(bulk, previous?.bulkScoredPerSec),
    singleScoredPerSec: pick(single, previous?.singleScoredPerSec),
    p95LatencyMsAt300: pick(p95, previous?.p95LatencyMsAt300),
    maxRssMb: rss !== undefined ? (round(rss) ?? null) : (previous?.maxRssMb ?? null),
    measuredAt: now.toISOString(),
  };
}

function runsCell(values: (number | undefined)[], digits = 0): string {
  return values.length > 1 ? ` (runs: ${values.map((v) => fmt(v, digits)).join(', ')})` : '';
}

export function renderSection(
  results: RunResult[],
  command: string,
  machine: Machine,
  now: Date,
  latencyRate: number,
): string {
  const lines: string[] = [];
  lines.push(`## ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  lines.push('');
  lines.push(`Command: \`${command}\`  `);
  const atStart = [
    machine.loadAverage !== undefined ? `load average ${machine.loadAverage.toFixed(1)}` : undefined,
    machine.probe ? `CPU probe ×${machine.probe.relative.toFixed(2)}` : undefined,
  ].filter(Boolean);
  lines.push(
    `Machine: ${machine.cores} cores (\`nproc\`), ${machine.cpu}, ${machine.memoryGb} GB RAM, Node ${machine.node}${atStart.length ? `, ${atStart.join(', ')} at the start` : ''}; everything local (API, workers, Postgres, Redis and the load generator on the same box).`,
  );
  lines.push('');
  lines.push(
    '| scenario | workers processes | runs | conversations | accepted/s | scored/s end to end | drain after last POST | peak RSS api / workers (MB) | max backlog | CPU ms per conversation | load average, CPU probe (runs) |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const scenario of ['single', 'bulk', 'latency', 'burst'] as const) {
    for (const runs of groupsOf(results, scenario)) {
      const acc = runs.map((r) => r.acceptedPerSec);
      const scored = runs.map((r) => r.scoredPerSec);
      const conditions = runs.every((r) => r.conditions)
        ? runs.map((r) => `${r.conditions!.load.toFixed(1)}, ×${r.conditions!.probe.toFixed(2)}`).join('; ')
        : '–';
      lines.push(
        `| ${scenario} | ${runs[0]!.workersProcesses ?? '–'} | ${runs.length} | ${fmt(median(runs.map((r) => r.n)))} | ${fmt(median(acc))}${runsCell(acc)} | ${fmt(median(scored))}${runsCell(scored)} | ${fmt(median(runs.map((r) => r.drainSeconds)), 1)} s | ${fmt(median(runs.map((r) => r.rss.api.peak)))} / ${fmt(median(runs.map((r) => r.rss.workers.peak)))} | ${fmt(median(runs.map((r) => r.backlogMax)))} | ${medianCpuCell(runs)} | ${conditions} |`,
      );
    }
  }
  const lat = runsOf(results, 'latency');
  if (lat.length) {
    const p = (k: 'p50' | 'p95' | 'p99' | 'ackP50' | 'ackP95'): string => {
      const values = lat.map((r) => r.latency?.[k]);
      return `${fmt(median(values))} ms${runsCell(values)}`;
    };
    lines.push('');
    const matched = lat.map((r) => `${r.latency?.matched ?? 0}/${r.accepted}`).join(', ');
    const to = `the \`conversations:scored\` socket event (matched: ${matched})`;
    lines.push(
      `Latency from POST to ${to} at a fixed ${latencyRate} conv/s (single POSTs): p50 ${p('p50')}, p95 ${p('p95')}, p99 ${p('p99')}. The POST itself (202): p50 ${p('ackP50')}, p95 ${p('ackP95')}.`,
    );
  }
  const problems = results.filter(
    (r) => r.unscored || r.rejected || r.postErrors || r.scoredVia !== 'socket',
  );
  if (problems.length) {
    lines.push('');
    for (const r of problems)
      lines.push(
        `- ${r.scenario} run ${r.run}: ${r.rejected} rejected, ${r.postErrors} failed POST attempts (retried), ${r.unscored} not scored before the deadline, scoring observed via ${r.scoredVia}.`,
      );
  }
  const burst = runsOf(results, 'burst')[0];
  if (burst?.series?.length) {
    lines.push('');
    lines.push(
      `Burst of ${fmt(burst.n)}: backlog (received + queued, from the API) and RSS over time. RSS api ${fmt(burst.rss.api.start)} → peak ${fmt(burst.rss.api.peak)} → end ${fmt(burst.rss.api.end)} MB; workers ${fmt(burst.rss.workers.start)} → peak ${fmt(burst.rss.workers.peak)} → end ${fmt(burst.rss.workers.end)} MB.`,
    );
    lines.push('');
    lines.push('| t (s) | backlog | api RSS (MB) | workers RSS (MB) |');
    lines.push('|---|---|---|---|');
    for (const row of burst.series)
      lines.push(`| ${row.s} | ${fmt(row.backlog)} | ${fmt(row.api)} | ${fmt(row.workers)} |`);
  }
  lines.push('');
  return lines.join('\n');
}

export const RESULTS_HEADER = `# Benchmark results

Measured with \`npm run bench\` against the running stack (\`npm start\`, or started by the bench with
\`--start\`), through the public API only. Newest first; every recorded run is kept. Figures are medians
over the runs shown; "scored/s end to end" counts from the first POST to the last conversation seen in a
\`conversations:scored\` socket event. The load average and CPU probe (a fixed loop's time relative to
the fastest seen on the machine, so ×1.0 = a free core) say how busy the machine was. See
bench/src/run.ts for what each scenario does.

`;

/** Inserts the new section after the header, keeping earlier sections below it. */
export function updateResultsMd(previous: string | undefined, section: string): string {
  const body = previous?.startsWith('# Benchmark results')
    ? previous.slice(previous.indexOf('\n## ') + 1)
    : '';
  const rest = body.startsWith('## ') ? body : '';
  return `${RESULTS_HEADER}${section}\n${rest}`.replace(/\n{3,}/g, '\n\n');
}

export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** "api 0.41 + workers 1.30 + postgres 0.70 + redis 0.12 = 2.53 ms": where a conversation's CPU goes. */
export function cpuCell(cpu: Record<CpuPart, number>): string {
  const total = CPU_PARTS.reduce((sum, part) => sum + cpu[part], 0);
  return `${CPU_PARTS.map((part) => `${part} ${cpu[part].toFixed(2)}`).join(' + ')} = ${total.toFixed(2)} ms`;
}

/** Per part, the median over the runs that measured it. */
function medianCpuCell(runs: RunResult[]): string {
  const measured = runs.map((r) => r.cpuMsPerConversation).filter((c) => c !== undefined);
  if (!measured.length) return '–';
  const cpu = Object.fromEntries(
    CPU_PARTS.map((part) => [part, median(measured.map((c) => c[part])) ?? 0]),
  ) as Record<CpuPart, number>;
  return cpuCell(cpu);
}
