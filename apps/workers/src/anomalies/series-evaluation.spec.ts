import type { SeriesCounters } from '@vigil/data';
import { newAnomalyState } from '@vigil/engine';
import { MINUTE, evaluateSeries, metricValue } from './series-evaluation';

const TEAM = { dimension: 'team' as const, value: 'billing' };
const START = Date.UTC(2026, 10, 23, 6, 0);

/** A deterministic pseudo-random sequence in [0, 1). */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/** A minute of `n` conversations with this mean sentiment (a third of them negative when it is low). */
function minute(n: number, sentiment: number): SeriesCounters {
  return {
    conversations: n,
    sentimentCount: n,
    sentimentSum: n * sentiment,
    negative: sentiment < 0 ? n : Math.round(n * 0.1),
    qaCount: n,
    qaSum: n * 80,
    escalations: 0,
  };
}

/** `count` minutes of a steady team: about 10 conversations a minute, sentiment about 0.3. */
function steady(count: number, seed = 1): Map<number, SeriesCounters> {
  const r = random(seed);
  const minutes = new Map<number, SeriesCounters>();
  for (let i = 0; i < count; i++)
    minutes.set(START + i * MINUTE, minute(9 + Math.floor(r() * 3), 0.3 + (r() - 0.5) * 0.1));
  return minutes;
}

describe('metricValue', () => {
  it('counts a minute without conversations as zero volume, and skips its averages and shares', () => {
    expect(metricValue('volume', undefined)).toBe(0);
    for (const metric of ['sentiment', 'negativeShare', 'qaScore', 'escalationShare'] as const)
      expect(metricValue(metric, undefined)).toBeNull();
  });

  it('derives averages and shares from the counters as the dashboard does', () => {
    const c = minute(4, -0.5);
    expect(metricValue('sentiment', c)).toBe(-0.5);
    expect(metricValue('negativeShare', c)).toBe(1);
    expect(metricValue('qaScore', c)).toBe(80);
    expect(metricValue('escalationShare', { ...c, escalations: 1 })).toBe(0.25);
  });
});

describe('evaluateSeries', () => {
  it('raises a sentiment anomaly when a steady team turns negative, with the band it left', () => {
    const minutes = steady(200);
    for (let i = 200; i < 205; i++) minutes.set(START + i * MINUTE, minute(10, -0.6));
    const quiet = evaluateSeries(TEAM, {}, steady(200), START, START + 200 * MINUTE, 100);
    expect(quiet.anomalies.filter((a) => a.series.metric === 'sentiment')).toEqual([]);

    const { anomalies } = evaluateSeries(TEAM, {}, minutes, START, START + 205 * MINUTE, 100);
    const sentiment = anomalies.filter((a) => a.series.metric === 'sentiment');
    expect(sentiment.length).toBeGreaterThanOrEqual(1);
    const first = sentiment[0]!;
    expect(Date.parse(first.at)).toBeGreaterThanOrEqual(START + 200 * MINUTE);
    expect(first.series).toEqual({ metric: 'sentiment', dimension: { kind: 'team', value: 'billing' } });
    expect(first.observed).toBeCloseTo(-0.6);
    expect(first.expected).toBeGreaterThan(0.2);
    expect(first.observed).toBeLessThan(first.lower);
    expect(first.lower).toBeGreaterThanOrEqual(-1);
    expect(first.upper).toBeLessThanOrEqual(1);
    expect(first.score).toBeGreaterThan(0);
    expect(['low', 'medium', 'high']).toContain(first.severity);
  });

  it('continues from stored states as if it had never stopped', () => {
    const minutes = steady(150);
    const whole = evaluateSeries(TEAM, {}, minutes, START, START + 150 * MINUTE, 100);
    const half = evaluateSeries(TEAM, {}, minutes, START, START + 75 * MINUTE, 100);
    const stored = JSON.parse(JSON.stringify(half.states));
    const rest = evaluateSeries(TEAM, stored, minutes, START + 75 * MINUTE, START + 150 * MINUTE, 100);
    expect(rest.states).toEqual(whole.states);
    // The stored states it was given are left as they were.
    expect(stored).toEqual(JSON.parse(JSON.stringify(half.states)));
  });

  it('feeds quiet minutes to volume only', () => {
    const minutes = steady(10);
    const { states } = evaluateSeries(TEAM, {}, minutes, START, START + 30 * MINUTE, 100);
    expect(states.volume.n).toBe(30);
    expect(states.sentiment.n).toBe(10);
  });

  it('starts a metric whose stored state is missing or unreadable afresh', () => {
    const { states } = evaluateSeries(
      TEAM,
      { sentiment: { v: 0 } as never },
      steady(1),
      START,
      START + MINUTE,
      100,
    );
    expect(states.sentiment.n).toBe(newAnomalyState().n + 1);
  });
});
