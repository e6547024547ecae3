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
  type QaCriterionDimension,
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
  /** QA outcomes that count: "criterion:met" or "criterion:not_met" (see qaOutcome), sorted. */
  qaOutcomes: string[];
}

export type ScoreFacts = Pick<
  ScoredFacts,
  'customerSentiment' | 'qaScore' | 'topics' | 'signals' | 'qaOutcomes'
>;

/** Outcomes counted per criterion; "not applicable" is not, so it is not kept either. */
export type CountedQaOutcome = 'met' | 'not_met';

/** "greeting:met": criterion keys cannot hold a ":" (see the scorecard schema), so this splits back. */
export function qaOutcome(criterion: string, outcome: CountedQaOutcome): string {
  return `${criterion}:${outcome}`;
}

function parseQaOutcome(fact: string): { criterion: string; outcome: CountedQaOutcome } | null {
  const i = fact.lastIndexOf(':');
  const outcome = fact.slice(i + 1);
  if (i <= 0 || (outcome !== 'met' && outcome !== 'not_met')) return null;
  return { criterion: fact.slice(0, i), outcome };
}

/** The facts of a conversation's scores that the rollups count. */
export function factsOfScores(scores: ConversationScores): ScoreFacts {
  const sentiment = scores.sentiment?.result;
  const signals: Signal[] = [];
  if (sentiment?.escalationRequested) signals.push('escalation');
  if (sentiment?.churnIntent) signals.push('churn');
  for (const emotion of EMOTIONS)
    if ((sentiment?.emotions[emotion] ?? 0) >= EMOTION_PRESENT) signals.push(emotion);
  const qaOutcomes = new Set<string>();
  for (const c of scores.qa?.result.criteria ?? []) {
    if (c.outcome === 'met' || c.outcome === 'not_met') qaOutcomes.add(qaOutcome(c.key, c.outcome));
  }
  return {
    customerSentiment: sentiment?.customer.overall ?? null,
    qaScore: scores.qa?.result.score ?? null,
    topics: scores.topics?.result.topics.map((t) => t.key) ?? [],
    signals,
    // Sorted, so that comparing old and new facts does not depend on the scorecard's order.
    qaOutcomes: [...qaOutcomes].sort(),
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

export interface QaCriterionRow {
  granularity: Granularity;
  dimension: QaCriterionDimension;
  value: string;
  bucket: Date;
  criterion: string;
  met: number;
  notMet: number;
}

/** Criterion outcomes are kept overall and per team and agent, not per channel or topic. */
function criterionDimensionsOf(facts: ScoredFacts): [QaCriterionDimension, string][] {
  const dims: [QaCriterionDimension, string][] = [['all', ALL]];
  if (facts.team) dims.push(['team', facts.team]);
  for (const agent of new Set(facts.agentIds)) dims.push(['agent', agent]);
  return dims;
}

/**
 * Sum a batch's QA outcomes into one row per (granularity, dimension, value, bucket, criterion),
 * like aggregateRollups: `removed` counts negatively (rescoring), rows that net to zero are left out,
 * and rows come sorted by key so that concurrent writers lock them in the same order.
 */
export function aggregateQaCriteria(added: ScoredFacts[], removed: ScoredFacts[] = []): QaCriterionRow[] {
  const rows = new Map<string, QaCriterionRow>();
  const count = (facts: ScoredFacts, sign: 1 | -1) => {
    const outcomes = facts.qaOutcomes.map(parseQaOutcome).filter((o) => o !== null);
    if (outcomes.length === 0) return;
    for (const granularity of GRANULARITIES) {
      const bucket = bucketStart(facts.endedAt, granularity);
      for (const [dimension, value] of criterionDimensionsOf(facts)) {
        for (const { criterion, outcome } of outcomes) {
          const key = `${granularity}|${dimension}|${value}|${bucket.toISOString()}|${criterion}`;
          let row = rows.get(key);
          if (!row)
            rows.set(key, (row = { granularity, dimension, value, bucket, criterion, met: 0, notMet: 0 }));
          if (outcome === 'met') row.met += sign;
          else row.notMet += sign;
        }
      }
    }
  };
  for (const facts of added) count(facts, 1);
  for (const facts of removed) count(facts, -1);
  return [...rows.entries()]
    .filter(([, row]) => row.met !== 0 || row.notMet !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);
}

/** Everything a batch adds to the aggregates, written in the batch's transaction. */
export interface AggregateRows {
  rollups: RollupRow[];
  qaCriteria: QaCriterionRow[];
}

export function aggregateBatch(added: ScoredFacts[], removed: ScoredFacts[] = []): AggregateRows {
  return { rollups: aggregateRollups(added, removed), qaCriteria: aggregateQaCriteria(added, removed) };
}
