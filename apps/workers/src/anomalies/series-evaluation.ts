import { ANOMALY_METRICS, type AnomalyMetric } from '@vigil/contracts';
import type { NewAnomaly, SeriesCounters, SeriesKey } from '@vigil/data';
import {
  DEFAULT_ANOMALY_OPTIONS,
  detect,
  newAnomalyState,
  restoreAnomalyState,
  type AnomalyState,
} from '@vigil/engine';

export const MINUTE = 60_000;

/**
 * A metric's value in one minute of a series, or null when the minute says nothing about it.
 * Volume is a value even when no conversation came (zero is news); an average or a share of no
 * conversations is not, so that minute is skipped rather than read as 0.
 */
export function metricValue(metric: AnomalyMetric, c: SeriesCounters | undefined): number | null {
  const conversations = c?.conversations ?? 0;
  switch (metric) {
    case 'volume':
      return conversations;
    case 'sentiment':
      return c && c.sentimentCount > 0 ? c.sentimentSum / c.sentimentCount : null;
    case 'negativeShare':
      return c && conversations > 0 ? c.negative / conversations : null;
    case 'qaScore':
      return c && c.qaCount > 0 ? c.qaSum / c.qaCount : null;
    case 'escalationShare':
      return c && conversations > 0 ? c.escalations / conversations : null;
  }
}

/** The values a metric can take, so the expected band never shows a negative count or a share above 1. */
const RANGE: Record<AnomalyMetric, [number, number]> = {
  volume: [0, Infinity],
  sentiment: [-1, 1],
  negativeShare: [0, 1],
  qaScore: [0, 100],
  escalationShare: [0, 1],
};

/** The band drawn around the expected value: this many of the detector's spreads each side. */
export const BAND_SPREADS = 2;

/** The detector's state of each metric of one dimension value. */
export type SeriesStates = Partial<Record<AnomalyMetric, AnomalyState>>;

export interface SeriesEvaluation {
  states: Record<AnomalyMetric, AnomalyState>;
  anomalies: NewAnomaly[];
}

/**
 * Feed the minutes [from, until) of one dimension value to the detector, every metric, oldest first,
 * and return the states learned and the anomalies (severity low or above) found. `minutes` holds
 * the rollup counters by bucket start (ms); a minute without a row had no conversation. Pure: the
 * stored states given are copied, not changed.
 */
export function evaluateSeries(
  series: SeriesKey,
  stored: SeriesStates,
  minutes: ReadonlyMap<number, SeriesCounters>,
  from: number,
  until: number,
  warmup: number,
): SeriesEvaluation {
  const states = Object.fromEntries(
    ANOMALY_METRICS.map((m) => [
      m,
      stored[m] ? restoreAnomalyState(structuredClone(stored[m])) : newAnomalyState(),
    ]),
  ) as Record<AnomalyMetric, AnomalyState>;
  const options = { ...DEFAULT_ANOMALY_OPTIONS, warmup };
  const anomalies: NewAnomaly[] = [];
  for (let t = from; t < until; t += MINUTE) {
    const counters = minutes.get(t);
    for (const metric of ANOMALY_METRICS) {
      const observed = metricValue(metric, counters);
      if (observed === null) continue;
      const result = detect(states[metric], t, observed, options);
      if (result.severity === 'none' || result.expected === null || result.spread === null) continue;
      const [min, max] = RANGE[metric];
      anomalies.push({
        series: { metric, dimension: { kind: series.dimension, value: series.value } },
        at: new Date(t).toISOString(),
        observed,
        expected: result.expected,
        lower: Math.max(min, result.expected - BAND_SPREADS * result.spread),
        upper: Math.min(max, result.expected + BAND_SPREADS * result.spread),
        score: result.score,
        severity: result.severity,
      });
    }
  }
  return { states, anomalies };
}
