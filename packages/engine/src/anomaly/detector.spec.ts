import { detect, newAnomalyState, restoreAnomalyState, severityOf, type AnomalyState } from './detector';

const HOUR = 3_600_000;
const START = Date.parse('2026-01-05T00:00:00Z'); // a Monday

/** A deterministic pseudo-random stream (the specs must not flake). */
function noise(seed = 1) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
}

/** Hourly conversation volume with a strong daily rhythm (busy days, quiet nights) and some noise. */
function seasonal(hours: number, seed = 1): Array<[number, number]> {
  const rnd = noise(seed);
  return Array.from({ length: hours }, (_, h) => {
    const hourOfDay = h % 24;
    const daytime = hourOfDay >= 8 && hourOfDay < 20 ? 100 : 20;
    return [START + h * HOUR, daytime + 10 * Math.sin((2 * Math.PI * hourOfDay) / 24) + 4 * rnd()];
  });
}

function run(points: Array<[number, number]>, state: AnomalyState = newAnomalyState()) {
  return points.map(([t, v]) => detect(state, t, v).score);
}

const max = (xs: number[]) => Math.max(...xs);

describe('anomaly detector', () => {
  it('stays quiet while the series has too little history', () => {
    const scores = run(seasonal(90).map(([t, v], i) => [t, i === 50 ? v * 10 : v]));
    expect(max(scores)).toBe(0);
  });

  it('raises a tripled volume after two hours of minute history, but not after ninety minutes', () => {
    // About 15 conversations a minute (a team in the demo), then two minutes at three times that.
    const rnd = noise(3);
    const minutes = (history: number) =>
      Array.from({ length: history + 2 }, (_, i): [number, number] => [
        START + i * 60_000,
        Math.round((i < history ? 15 : 45) + 8 * rnd()),
      ]);
    const twoHours = run(minutes(120));
    expect(max(twoHours.slice(0, 120))).toBeLessThan(0.15);
    expect(max(twoHours.slice(120))).toBeGreaterThanOrEqual(0.15);
    // Too little history: the warm-up (100 points) keeps it quiet even through the surge.
    expect(max(run(minutes(90)))).toBe(0);
  });

  it('ignores the daily rhythm itself', () => {
    const scores = run(seasonal(24 * 21));
    // After a few days of learning, day and night are both normal.
    expect(max(scores.slice(24 * 7))).toBeLessThan(0.15);
  });

  it('detects a level shift on a seasonal series', () => {
    const points = seasonal(24 * 21);
    const shiftAt = 24 * 18 + 11;
    const scores = run(points.map(([t, v], i) => [t, i >= shiftAt ? v - 60 : v]));
    expect(max(scores.slice(shiftAt, shiftAt + 6))).toBeGreaterThanOrEqual(0.15);
    expect(max(scores.slice(24 * 7, shiftAt))).toBeLessThan(0.15);
  });

  it('detects a spike', () => {
    const points = seasonal(24 * 21);
    // At 03:00 a volume twice the daytime peak is a spike.
    const spikeAt = 24 * 18 + 3;
    const scores = run(points.map(([t, v], i) => [t, i === spikeAt ? 400 : v]));
    expect(scores[spikeAt]).toBeGreaterThanOrEqual(0.4);
    expect(severityOf(scores[spikeAt]!)).not.toBe('none');
  });

  it('is not thrown off by a single outlier in its baseline', () => {
    const points = seasonal(24 * 21);
    const outlierAt = 24 * 10 + 3;
    const withOutlier = points.map(([t, v], i): [number, number] => [t, i === outlierAt ? 5000 : v]);
    const clean = newAnomalyState();
    const dirty = newAnomalyState();
    run(points, clean);
    run(withOutlier, dirty);
    // A week later the two states expect (nearly) the same and the outlier is not in the spread.
    const at = START + 24 * 21 * HOUR + 3 * HOUR;
    const a = detect(clean, at, 20);
    const b = detect(dirty, at, 20);
    expect(Math.abs(a.expected! - b.expected!)).toBeLessThan(2);
    expect(b.spread!).toBeLessThan(a.spread! * 1.2);
    // And it still notices a real shift afterwards.
    const shiftAt = 24 * 18 + 11;
    const scores = run(withOutlier.map(([t, v], i) => [t, i >= shiftAt ? v - 60 : v]));
    expect(max(scores.slice(shiftAt, shiftAt + 6))).toBeGreaterThanOrEqual(0.15);
  });

  it('handles gaps and late points', () => {
    const points = seasonal(24 * 21);
    // A missing day (the rollup had no buckets) and a late, out-of-order point.
    const gappy = points.filter((_, i) => i < 24 * 12 || i >= 24 * 13);
    const late: [number, number] = [gappy[24 * 14]![0] - 5 * HOUR, gappy[24 * 14 - 5]![1]];
    gappy.splice(24 * 14 + 1, 0, late);
    const scores = run(gappy);
    expect(scores.every((s) => s >= 0 && s <= 1 && Number.isFinite(s))).toBe(true);
    expect(max(scores.slice(24 * 7))).toBeLessThan(0.15);
  });

  it('stops alarming on recurring spikes of the usual size, but still raises a larger one', () => {
    // Five-minute points with noise, and a spike of the same size every four hours (a batch job).
    const rnd = noise(5);
    const FIVE_MINUTES = 300_000;
    const everyFourHours = (i: number) => i % 48 === 24;
    const largerAt = 48 * 59 + 38; // between two usual spikes, five times their size
    const scores = run(
      Array.from({ length: 48 * 62 }, (_, i): [number, number] => [
        START + i * FIVE_MINUTES,
        10 + 2 * rnd() + (everyFourHours(i) ? 20 : 0) + (i === largerAt ? 100 : 0),
      ]),
    );
    // After the first day the usual spikes are no longer news (they were raised after every quiet
    // period when only the short average's spread was the yardstick).
    const usual = scores.filter((_, i) => i >= 288 && everyFourHours(i));
    expect(usual.length).toBeGreaterThan(50);
    expect(max(usual)).toBeLessThan(0.15);
    expect(max(scores.slice(288, largerAt))).toBeLessThan(0.15);
    expect(scores[largerAt]).toBeGreaterThanOrEqual(0.15);
  });

  it('raises a flatline in a series that moves, but not a run of zeros in one that often repeats', () => {
    const rnd = noise(9);
    const MINUTE = 60_000;
    // A noisy metric that gets stuck at an ordinary value of its own for twenty minutes.
    const stuckAt = 500;
    const stuck = run(
      Array.from({ length: 600 }, (_, i): [number, number] => [
        START + i * MINUTE,
        i >= stuckAt && i < stuckAt + 20 ? 50 : 50 + 5 * rnd(),
      ]),
    );
    expect(max(stuck.slice(0, stuckAt + 5))).toBeLessThan(0.15);
    expect(max(stuck.slice(stuckAt + 5, stuckAt + 20))).toBeGreaterThanOrEqual(0.15);
    // A small team's volume: 0, 1 or 2 conversations a minute, often the same as the minute before.
    const small = run(
      Array.from({ length: 600 }, (_, i): [number, number] => [
        START + i * MINUTE,
        i >= stuckAt && i < stuckAt + 20 ? 0 : Math.round(1 + 2 * rnd()),
      ]),
    );
    expect(max(small.slice(stuckAt, stuckAt + 20))).toBeLessThan(0.15);
  });

  it('keeps its state as JSON and continues identically from it', () => {
    const points = seasonal(24 * 14);
    const through = newAnomalyState();
    const whole = run(points, through);
    const first = newAnomalyState();
    run(points.slice(0, 200), first);
    const stored = JSON.stringify(first);
    expect(stored.length).toBeLessThan(8000);
    const resumed = run(points.slice(200), restoreAnomalyState(JSON.parse(stored)));
    expect(resumed).toEqual(whole.slice(200));
    expect(restoreAnomalyState({ v: 0 })).toEqual(newAnomalyState());
    // A state saved by the previous release (v1, without the single-point and flatline views)
    // restarts learning rather than running on with fields missing.
    const v1 = { ...JSON.parse(stored), v: 1 } as Record<string, unknown>;
    delete v1.pointVariance;
    delete v1.repeats;
    expect(restoreAnomalyState(v1)).toEqual(newAnomalyState());
  });

  it("is causal: a point's score does not change when later points are added", () => {
    const points = seasonal(24 * 10).map(([t, v], i): [number, number] => [t, i === 200 ? v * 3 : v]);
    const short = run(points.slice(0, 201));
    const long = run([...points.slice(0, 201), ...seasonal(24 * 10, 7).slice(201)]);
    expect(long.slice(0, 201)).toEqual(short);
  });
});
