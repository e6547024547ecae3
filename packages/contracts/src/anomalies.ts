import type { ConversationSummary, Page } from './api';
import type { Dimension } from './metrics';

/**
 * Anomalies: points of a rollup series (a metric of one dimension value, per minute) that the
 * streaming detector found far from what that series usually does at that time.
 */

/** The metrics every series is watched on, each derived from the rollup counters of a minute. */
export const ANOMALY_METRICS = [
  'volume',
  'sentiment',
  'negativeShare',
  'qaScore',
  'escalationShare',
] as const;
export type AnomalyMetric = (typeof ANOMALY_METRICS)[number];

export const ANOMALY_METRIC_LABELS: Record<AnomalyMetric, string> = {
  volume: 'Conversations per minute',
  sentiment: 'Customer sentiment',
  negativeShare: 'Negative share',
  qaScore: 'QA score',
  escalationShare: 'Escalation share',
};

export const ANOMALY_SEVERITIES = ['low', 'medium', 'high'] as const;
export type AnomalySeverityLevel = (typeof ANOMALY_SEVERITIES)[number];

export interface AnomalySeries {
  metric: AnomalyMetric;
  dimension: { kind: Dimension; value: string };
}

export interface Anomaly {
  id: string;
  series: AnomalySeries;
  /** ISO start of the minute bucket. */
  at: string;
  observed: number;
  expected: number;
  /** The usual band around `expected` (two robust standard deviations each side, clamped to the metric's range). */
  lower: number;
  upper: number;
  /** Anomaly score in [0, 1]. */
  score: number;
  severity: AnomalySeverityLevel;
  /** When the detector raised it. */
  raisedAt: string;
}

export interface AnomalyListQuery {
  /** ISO time: anomalies of buckets at or after it (default: the last 24 hours). */
  since?: string;
  metric?: AnomalyMetric;
  /** "team:billing", "channel:chat", "all" … */
  dimension?: string;
  minSeverity?: AnomalySeverityLevel;
  limit?: number;
}

export interface AnomalyList {
  items: Anomaly[];
}

/** An anomaly with the conversations of its series' bucket (the drill-down). */
export interface AnomalyDetail extends Anomaly {
  conversations: Page<ConversationSummary>;
}

/** Published by workers on Redis (REDIS_CHANNELS.anomaliesRaised) and pushed to sockets. */
export interface AnomaliesRaisedEvent {
  anomalies: Anomaly[];
}

/** Severity order, for "at least medium". */
export function severityRank(severity: AnomalySeverityLevel): number {
  return ANOMALY_SEVERITIES.indexOf(severity);
}
