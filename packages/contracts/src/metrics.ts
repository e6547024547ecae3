import { EMOTIONS, type Emotion } from './sentiment';

/** Rollups: time-bucketed aggregates that workers keep and the dashboard reads. */

export const GRANULARITIES = ['minute', 'hour', 'day'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const GRANULARITY_MS: Record<Granularity, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

/** What a rollup can be split by. "all" has the single value "*"; "topic" values are topic keys. */
export const DIMENSIONS = ['all', 'team', 'channel', 'agent', 'topic'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const ALL = '*';

/** Start of the bucket (UTC) that holds `time`. */
export function bucketStart(time: Date | number, granularity: Granularity): Date {
  const ms = typeof time === 'number' ? time : time.getTime();
  const size = GRANULARITY_MS[granularity];
  return new Date(Math.floor(ms / size) * size);
}

/** The counters kept per bucket; averages and shares are derived, never stored. */
export interface RollupCounters {
  conversations: number;
  /** Conversations whose customer had any sentiment (the denominator of the average). */
  sentimentCount: number;
  sentimentSum: number;
  negative: number;
  messages: number;
  /** Conversations with a QA score (some criterion applied), and the sum of their 0–100 scores. */
  qaCount: number;
  qaSum: number;
  escalations: number;
  churn: number;
  /** Conversations whose customer showed each emotion (strength ≥ EMOTION_PRESENT). */
  frustration: number;
  anger: number;
  urgency: number;
  confusion: number;
  gratitude: number;
  disappointment: number;
}

/** An emotion counts as present in a conversation from this strength on. */
export const EMOTION_PRESENT = 0.5;

/** Every counter with its rollup column: the one list the SQL of writers and readers is made from. */
export const ROLLUP_COUNTERS: ReadonlyArray<{
  key: keyof RollupCounters;
  column: string;
  sqlType: 'int' | 'float8';
}> = [
  { key: 'conversations', column: 'conversations', sqlType: 'int' },
  { key: 'sentimentCount', column: 'sentiment_count', sqlType: 'int' },
  { key: 'sentimentSum', column: 'sentiment_sum', sqlType: 'float8' },
  { key: 'negative', column: 'negative', sqlType: 'int' },
  { key: 'messages', column: 'messages', sqlType: 'int' },
  { key: 'qaCount', column: 'qa_count', sqlType: 'int' },
  { key: 'qaSum', column: 'qa_sum', sqlType: 'float8' },
  { key: 'escalations', column: 'escalations', sqlType: 'int' },
  { key: 'churn', column: 'churn', sqlType: 'int' },
  { key: 'frustration', column: 'frustration', sqlType: 'int' },
  { key: 'anger', column: 'anger', sqlType: 'int' },
  { key: 'urgency', column: 'urgency', sqlType: 'int' },
  { key: 'confusion', column: 'confusion', sqlType: 'int' },
  { key: 'gratitude', column: 'gratitude', sqlType: 'int' },
  { key: 'disappointment', column: 'disappointment', sqlType: 'int' },
];

export function addCounters(a: RollupCounters, b: RollupCounters): RollupCounters {
  const sum = zeroCounters();
  for (const { key } of ROLLUP_COUNTERS) sum[key] = a[key] + b[key];
  return sum;
}

const ZERO_COUNTERS = Object.freeze(
  Object.fromEntries(ROLLUP_COUNTERS.map((c) => [c.key, 0])) as unknown as RollupCounters,
);

/** A fresh set of counters at zero (a copy: scoring sums a few per conversation, so it is kept cheap). */
export function zeroCounters(): RollupCounters {
  return { ...ZERO_COUNTERS };
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
  /** Mean QA score (0–100) of the conversations it applied to, or null. */
  qaScore: number | null;
  escalationShare: number | null;
  churnShare: number | null;
  /** Share of conversations whose customer showed each emotion. */
  emotions: Record<Emotion, number> | null;
}

export interface MetricsQuery {
  from: string;
  to: string;
  granularity: Granularity;
  team?: string;
  channel?: string;
  agent?: string;
  topic?: string;
}

/** A breakdown row: totals over the range for one value of a dimension. */
export interface BreakdownRow {
  value: string;
  conversations: number;
  sentiment: number | null;
  negativeShare: number | null;
  qaScore: number | null;
}

/** A topic's volume in the window and in the window before it. */
export interface TopicTrend {
  key: string;
  label: string;
  conversations: number;
  /** Of all conversations in the window. */
  share: number;
  previous: number;
  /** conversations / previous (null when the topic is new in this window). */
  growth: number | null;
}

export interface OverviewSnapshot {
  query: MetricsQuery;
  series: MetricPoint[];
  totals: Omit<MetricPoint, 't'>;
  byTeam: BreakdownRow[];
  byChannel: BreakdownRow[];
  /** Most frequent topics in the window, with their growth against the window before. */
  topics: TopicTrend[];
  generatedAt: string;
}

export function toMetricPoint(t: string, c: RollupCounters): MetricPoint {
  const share = (n: number) => (c.conversations > 0 ? n / c.conversations : null);
  return {
    t,
    conversations: c.conversations,
    sentiment: c.sentimentCount > 0 ? c.sentimentSum / c.sentimentCount : null,
    negativeShare: share(c.negative),
    messages: c.messages,
    qaScore: c.qaCount > 0 ? c.qaSum / c.qaCount : null,
    escalationShare: share(c.escalations),
    churnShare: share(c.churn),
    emotions:
      c.conversations > 0
        ? (Object.fromEntries(EMOTIONS.map((e) => [e, c[e] / c.conversations])) as Record<Emotion, number>)
        : null,
  };
}

// ---- QA criteria over time ------------------------------------------------------------------------

/** Criterion outcomes are kept overall and per team and agent: the views trainers coach from. */
export const QA_CRITERION_DIMENSIONS = ['all', 'team', 'agent'] as const satisfies readonly Dimension[];
export type QaCriterionDimension = (typeof QA_CRITERION_DIMENSIONS)[number];

export interface QaCriteriaQuery {
  from: string;
  to: string;
  /** Hour or day: criterion counts are not kept by minute (the API answers 400). */
  granularity: Granularity;
  /** At most one of team and agent. */
  team?: string;
  agent?: string;
}

/** Met / not met of one criterion in one bucket. Not applicable outcomes are not counted. */
export interface QaCriterionPoint {
  /** ISO start of the bucket. */
  t: string;
  met: number;
  notMet: number;
  /** met / (met + notMet), or null when the criterion applied to no conversation. */
  rate: number | null;
}

export interface QaCriterionHistory {
  key: string;
  /** The label in the scorecard in force; the key for a criterion no longer in it. */
  label: string;
  /** Whether the criterion is in the scorecard in force. */
  inScorecard: boolean;
  /** Totals over the period. */
  met: number;
  notMet: number;
  rate: number | null;
  /** Buckets where the criterion applied, oldest first (buckets where it did not are left out). */
  points: QaCriterionPoint[];
}

export interface QaCriteriaSnapshot {
  query: QaCriteriaQuery;
  /** The scorecard's criteria in its order, then criteria no longer in it that have outcomes in the period. */
  criteria: QaCriterionHistory[];
  generatedAt: string;
}

/** The met rate of a criterion: null when it never applied. */
export function metRate(met: number, notMet: number): number | null {
  return met + notMet > 0 ? met / (met + notMet) : null;
}

// ---- what the rollups count of one conversation's scores ----------------------------------------

/** Outcomes counted per QA criterion; "not applicable" is not, so it is not kept either. */
export type CountedQaOutcome = 'met' | 'not_met';

/** "greeting:met": criterion keys cannot hold a ":" (see the scorecard schema), so this splits back. */
export function qaOutcomeKey(criterion: string, outcome: CountedQaOutcome): string {
  return `${criterion}:${outcome}`;
}

/** The criterion and outcome of a qaOutcomeKey. */
export function parseQaOutcomeKey(key: string): { criterion: string; outcome: CountedQaOutcome } {
  const i = key.lastIndexOf(':');
  return { criterion: key.slice(0, i), outcome: key.slice(i + 1) === 'met' ? 'met' : 'not_met' };
}

/** Customer signals counted in the rollups (and kept on the conversation, for rescoring). */
export type CustomerSignal = 'escalation' | 'churn' | Emotion;

/**
 * The facts of a conversation's scores that the rollups count; each analyzer contributes its part
 * (see the engine's registry). Kept on the conversation so rescoring moves rollups by the difference.
 */
export interface ScoreFacts {
  customerSentiment: number | null;
  qaScore: number | null;
  topics: string[];
  signals: string[];
  /** QA outcomes that count, as qaOutcomeKey strings, sorted. */
  qaOutcomes: string[];
}
