import {
  ALL,
  EMOTIONS,
  EMOTION_PRESENT,
  GRANULARITIES,
  ROLLUP_COUNTERS,
  bucketStart,
  isNegative,
  zeroCounters,
  type ConversationScores,
  type Dimension,
  type Granularity,
  type RollupCounters,
} from '@vigil/core';

/** Customer signals counted in the rollups (and kept on the conversation, for rescoring). */
export const SIGNALS = ['escalation', 'churn', ...EMOTIONS] as const;
export type Signal = (typeof SIGNALS)[number];

/** What the rollups need to know of one scored conversation. */
export interface ScoredFacts {
  endedAt: Date;
  team: string | null;
  channel: string;
  agentIds: string[];
  messageCount: number;
  customerSentiment: number | null;
  qaScore: number | null;
  topics: string[];
  signals: string[];
}

export type ScoreFacts = Pick<ScoredFacts, 'customerSentiment' | 'qaScore' | 'topics' | 'signals'>;

/** The facts of a conversation's scores that the rollups count. */
export function factsOfScores(scores: ConversationScores): ScoreFacts {
  const sentiment = scores.sentiment?.result;
  const signals: Signal[] = [];
  if (sentiment?.escalationRequested) signals.push('escalation');
  if (sentiment?.churnIntent) signals.push('churn');
  for (const emotion of EMOTIONS)
    if ((sentiment?.emotions[emotion] ?? 0) >= EMOTION_PRESENT) signals.push(emotion);
  return {
    customerSentiment: sentiment?.customer.overall ?? null,
    qaScore: scores.qa?.result.score ?? null,
    topics: scores.topics?.result.topics.map((t) => t.key) ?? [],
    signals,
  };
}

export interface RollupRow extends RollupCounters {
  granularity: Granularity;
  dimension: Dimension;
  value: string;
  bucket: Date;
}

function dimensionsOf(facts: ScoredFacts): [Dimension, string][] {
  const dims: [Dimension, string][] = [
    ['all', ALL],
    ['channel', facts.channel],
  ];
  if (facts.team) dims.push(['team', facts.team]);
  for (const agent of new Set(facts.agentIds)) dims.push(['agent', agent]);
  for (const topic of new Set(facts.topics)) dims.push(['topic', topic]);
  return dims;
}

function countersOf(facts: ScoredFacts): RollupCounters {
  const c = zeroCounters();
  const has = new Set(facts.signals);
  c.conversations = 1;
  c.messages = facts.messageCount;
  if (facts.customerSentiment != null) {
    c.sentimentCount = 1;
    c.sentimentSum = facts.customerSentiment;
    c.negative = isNegative(facts.customerSentiment) ? 1 : 0;
  }
  if (facts.qaScore != null) {
    c.qaCount = 1;
    c.qaSum = facts.qaScore;
  }
  c.escalations = has.has('escalation') ? 1 : 0;
  c.churn = has.has('churn') ? 1 : 0;
  for (const emotion of EMOTIONS) c[emotion] = has.has(emotion) ? 1 : 0;
  return c;
}

/**
 * Sum a batch of scored conversations into rollup rows: one row per (granularity, dimension, value,
 * bucket), so a batch costs one upsert per distinct row rather than one per conversation. `removed`
 * facts count negatively: rescoring passes a conversation's old facts there and its new ones in
 * `added`, so only the difference lands. Rows come sorted by key so concurrent writers lock them in
 * the same order and cannot deadlock.
 */
export function aggregateRollups(added: ScoredFacts[], removed: ScoredFacts[] = []): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  const count = (facts: ScoredFacts, sign: 1 | -1) => {
    const counters = countersOf(facts);
    for (const granularity of GRANULARITIES) {
      const bucket = bucketStart(facts.endedAt, granularity);
      for (const [dimension, value] of dimensionsOf(facts)) {
        const key = `${granularity}|${dimension}|${value}|${bucket.toISOString()}`;
        let row = rows.get(key);
        if (!row) rows.set(key, (row = { granularity, dimension, value, bucket, ...zeroCounters() }));
        for (const { key: counter } of ROLLUP_COUNTERS) row[counter] += sign * counters[counter];
      }
    }
  };
  for (const facts of added) count(facts, 1);
  for (const facts of removed) count(facts, -1);
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}
