import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadBenchConfig } from './config';
import { BenchArgsError, parseBenchArgs } from './options';
import { mergeResultsJson, renderSection, updateResultsMd, RESULTS_HEADER } from './report';
import { parsePs } from './samplers';
import type { RunResult } from './scenarios';
import { median, percentile } from './stats';

const run = (over: Partial<RunResult>): RunResult => ({
  scenario: 'bulk',
  run: 1,
  n: 1000,
  accepted: 1000,
  rejected: 0,
  postErrors: 0,
  unscored: 0,
  acceptedPerSec: 5000,
  scoredPerSec: 2000,
  drainSeconds: 1,
  rss: { api: { start: 100, peak: 150, end: 120 }, workers: { start: 90, peak: 200, end: 95 } },
  backlogMax: 300,
  scoredVia: 'socket',
  ...over,
});

describe('bench', () => {
  it('computes percentiles and medians', () => {
    expect(percentile([3, 1, 2, 4], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBeCloseTo(9.55);
    expect(percentile([], 50)).toBeUndefined();
    expect(median([5, undefined, 1, 3])).toBe(3);
  });

  it('parses its options', () => {
    expect(parseBenchArgs([]).scenarios).toEqual(['single', 'bulk', 'latency', 'burst']);
    const o = parseBenchArgs(['--scenario', 'burst,single', '--n', '500', '--runs', '1']);
    expect(o).toMatchObject({
      scenarios: ['single', 'burst'],
      n: 500,
      runs: 1,
      bulkSize: 500,
      concurrency: 50,
      latencyRate: 300,
    });
    expect(() => parseBenchArgs(['--scenario', 'nope'])).toThrow(BenchArgsError);
    expect(() => parseBenchArgs(['--n', '0'])).toThrow(/--n must be a whole number/);
    expect(() => parseBenchArgs(['--x'])).toThrow(/Unknown option/);
    expect(parseBenchArgs(['--start', '--workers', '1,2,1'])).toMatchObject({
      start: true,
      workers: [1, 2],
      warmup: 2000,
    });
    expect(() => parseBenchArgs(['--workers', '2'])).toThrow(/--workers needs --start/);
  });

  it('reports each number of workers processes on its own row, with the conditions of each run', () => {
    const at = (workersProcesses: number, scoredPerSec: number, load: number) =>
      run({ workersProcesses, scoredPerSec, conditions: { load, loadEnd: load, probe: 1.25 } });
    const results = [at(1, 600, 1), at(2, 1100, 1.5), at(1, 650, 2), at(2, 1000, 2.5)];
    const section = renderSection(
      results,
      'npm run bench -- --start --workers 1,2',
      { cores: 2, node: 'v20.20.2', cpu: 'Test CPU', memoryGb: 24 },
      new Date('2026-12-04T17:00:00Z'),
      300,
    );
    expect(section).toContain('| bulk | 1 | 2 | 1,000 | 5,000 (runs: 5,000, 5,000) | 625 (runs: 600, 650) |');
    expect(section).toContain('| 1.0, ×1.25; 2.0, ×1.25 |');
    expect(section).toContain(
      '| bulk | 2 | 2 | 1,000 | 5,000 (runs: 5,000, 5,000) | 1,050 (runs: 1,100, 1,000) |',
    );
    // results.json carries the figure of the most workers processes (the default uses every core).
    expect(mergeResultsJson(undefined, results, 300, new Date()).bulkScoredPerSec).toBe(1050);
  });

  it('finds the api and workers node processes in ps output', () => {
    const out = [
      '  101  51200 node /work/main/api/dist/main.js',
      '  102 102400 /usr/bin/node /work/main/workers/dist/main.js',
      '  103   2048 sh -c node api/dist/main.js',
      '  104  40960 node scripts/start.mjs',
    ].join('\n');
    expect(parsePs(out)).toEqual([
      { pid: 101, rssKb: 51200, role: 'api' },
      { pid: 102, rssKb: 102400, role: 'workers' },
    ]);
  });

  it('writes results.json with medians and keeps figures of scenarios that did not run', () => {
    const now = new Date('2026-11-24T06:00:00Z');
    const json = mergeResultsJson(
      { singleScoredPerSec: 900, p95LatencyMsAt300: 80 },
      [run({ scoredPerSec: 1000 }), run({ run: 2, scoredPerSec: 3000 }), run({ run: 3, scoredPerSec: 2000 })],
      300,
      now,
    );
    expect(json).toEqual({
      bulkScoredPerSec: 2000,
      singleScoredPerSec: 900,
      p95LatencyMsAt300: 80,
      maxRssMb: 200,
      measuredAt: now.toISOString(),
    });
  });

  it('renders a RESULTS.md section and puts the newest first', () => {
    const section = renderSection(
      [
        run({}),
        run({
          scenario: 'latency',
          latency: { p50: 40, p95: 90, p99: 120, ackP50: 2, ackP95: 5, matched: 9000, via: 'socket' },
        }),
      ],
      'npm run bench -- --scenario bulk',
      { cores: 2, node: 'v20.20.2', cpu: 'Test CPU', memoryGb: 24 },
      new Date('2026-11-24T06:00:00Z'),
      300,
    );
    expect(section).toContain('## 2026-11-24 06:00 UTC');
    expect(section).toContain('| bulk | – | 1 | 1,000 | 5,000 | 2,000 | 1.0 s | 150 / 200 | 300 | – |');
    expect(section).toContain('p95 90 ms');
    const first = updateResultsMd(undefined, section);
    expect(first.startsWith(RESULTS_HEADER)).toBe(true);
    const second = updateResultsMd(first, section.replace('06:00', '07:00'));
    expect(second.indexOf('07:00')).toBeLessThan(second.indexOf('06:00'));
    expect(second.match(/# Benchmark results/g)).toHaveLength(1);
  });

  it('takes credentials from the environment, then from .vigil/first-run.json', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-'));
    try {
      expect(() => loadBenchConfig({}, root)).toThrow(
        /BENCH_INGEST_KEY, BENCH_ADMIN_EMAIL, BENCH_ADMIN_PASSWORD/,
      );
      fs.mkdirSync(path.join(root, '.vigil'));
      fs.writeFileSync(
        path.join(root, '.vigil', 'first-run.json'),
        JSON.stringify({ adminEmail: 'a@b.c', adminPassword: 'pw', ingestKey: 'vk_file' }),
      );
      expect(loadBenchConfig({ BENCH_INGEST_KEY: 'vk_env' }, root)).toMatchObject({
        url: 'http://127.0.0.1:3000',
        ingestKey: 'vk_env',
        adminEmail: 'a@b.c',
        adminPassword: 'pw',
      });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
