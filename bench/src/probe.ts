import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * How busy the machine is beside the figures: the 1-minute load average, and a CPU probe — the
 * time a fixed integer loop takes now, relative to the fastest this machine has ever run it (kept
 * in .vigil/bench-probe.json). About 1.0 means the bench had a core to itself; 1.5 means other work
 * (or the stack under test) took a third of it. Throughput measured at a probe of 1.5 is not
 * comparable with one measured at 1.0.
 */

export interface ProbeReading {
  /** Median wall time of the fixed loop, ms. */
  ms: number;
  /** `ms` over the fastest reading ever seen on this machine (1.0 = as fast as ever). */
  relative: number;
  /** 1-minute load average. */
  load: number;
}

const LOOP = 20_000_000;

function loopOnce(): number {
  const started = process.hrtime.bigint();
  let x = 2463534242;
  for (let i = 0; i < LOOP; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  if (x === 42) process.stdout.write(''); // keeps the loop from being optimised away
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Runs the loop five times (about 0.1 s of CPU on a free core) and keeps the median. */
export function probeCpu(root: string): ProbeReading {
  const times = Array.from({ length: 5 }, loopOnce).sort((a, b) => a - b);
  const ms = times[2]!;
  const file = path.join(root, '.vigil', 'bench-probe.json');
  let fastest = ms;
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { fastestMs?: unknown };
    if (typeof saved.fastestMs === 'number' && saved.fastestMs > 0) fastest = Math.min(saved.fastestMs, ms);
  } catch {
    // first probe on this machine
  }
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ fastestMs: fastest, loop: LOOP })}\n`);
  } catch {
    // read-only checkout: the reading is still printed
  }
  return { ms, relative: ms / fastest, load: os.loadavg()[0]! };
}

export function describeProbe(p: ProbeReading): string {
  return `load average ${p.load.toFixed(2)}, CPU probe ×${p.relative.toFixed(2)} (${p.ms.toFixed(0)} ms)`;
}
