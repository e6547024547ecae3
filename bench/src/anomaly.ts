// The anomaly detector's cost: microseconds per point and bytes of state per series, the two figures
// that size detection over thousands of rollup series.
//
//   npm run anomaly -w bench [-- --series 1000 --points 2000]
import { cpus } from 'node:os';
import { detect, newAnomalyState, type AnomalyState } from '@vigil/engine';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const seriesCount = arg('series', 1000);
const points = arg('points', 2000);
const MINUTE = 60_000;
const start = Date.parse('2026-01-05T00:00:00Z');

// Per-minute series with a daily rhythm and noise, interleaved as the workers would see them (one
// point of every series per minute), so the states do not all sit in the CPU cache.
const states: AnomalyState[] = Array.from({ length: seriesCount }, () => newAnomalyState());
let sink = 0;
const began = process.hrtime.bigint();
for (let p = 0; p < points; p++) {
  const t = start + p * MINUTE;
  const rhythm = 50 + 30 * Math.sin((2 * Math.PI * p) / 1440);
  for (let s = 0; s < seriesCount; s++) sink += detect(states[s]!, t, rhythm + s + 5 * Math.random()).score;
}
const ns = Number(process.hrtime.bigint() - began);
const bytes = states.map((s) => Buffer.byteLength(JSON.stringify(s)));
const mean = bytes.reduce((a, b) => a + b, 0) / bytes.length;

console.log(
  `anomaly detector: ${seriesCount} series × ${points} points = ${(seriesCount * points).toLocaleString('en')} points`,
);
console.log(
  `  ${(ns / 1000 / (seriesCount * points)).toFixed(2)} µs per point (${cpus()[0]?.model ?? 'cpu'}, Node ${process.version})`,
);
console.log(`  state per series: ${Math.round(mean)} bytes as JSON (max ${Math.max(...bytes)})`);
if (Number.isNaN(sink)) console.log('(unreachable)');
