/** Rollups: time-bucketed aggregates that workers keep and the dashboard reads. */

export const GRANULARITIES = ['minute', 'hour', 'day'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const GRANULARITY_MS: Record<Granularity, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** What a rollup can be split by. "all" has the single value "*". */
export const DIMENSIONS = ['all', 'team', 'channel', 'agent'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const ALL = '*';

/** Start of the bucket (UTC) that holds `time`. */
export function bucketStart(time: Date | number, granularity: Granularity): Date {
  const ms = typeof time === 'number' ? time : time.getTime();
  const size = GRANULARITY_MS[granularity];
  return new Date(Math.floor(ms / size) * size);
}

/** The counters kept per bucket; averages are derived, never stored. */
export interface RollupCounters {
  conversations: number;
  /** Conversations whose customer had any sentiment (the denominator of the average). */
  sentimentCount: number;
  sentimentSum: number;
  negative: number;
  messages: number;
}

/** One point of a series as served to the dashboard. */
export interface MetricPoint {
  /** ISO start of the bucket. */
  t: string;
  conversations: number;
  /** Mean customer polarity in [-1, 1], or null when no conversation in the bucket had any. */
  sentiment: number | null;
  /** Share of conversations with negative customer sentiment, in [0, 1]. */
  negativeShare: number | null;
  messages: number;
}

export interface MetricsQuery {
  from: string;
  to: string;
  granularity: Granularity;
  team?: string;
  channel?: string;
  agent?: string;
}

/** A breakdown row: totals over the range for one value of a dimension. */
export interface BreakdownRow {
  value: string;
  conversations: number;
  sentiment: number | null;
  negativeShare: number | null;
}

export interface OverviewSnapshot {
  query: MetricsQuery;
  series: MetricPoint[];
  totals: Omit<MetricPoint, 't'>;
  byTeam: BreakdownRow[];
  byChannel: BreakdownRow[];
  generatedAt: string;
}

export function toMetricPoint(t: string, c: RollupCounters): MetricPoint {
  return {
    t,
    conversations: c.conversations,
    sentiment: c.sentimentCount > 0 ? c.sentimentSum / c.sentimentCount : null,
    negativeShare: c.conversations > 0 ? c.negative / c.conversations : null,
    messages: c.messages,
  };
}
