import {
  ALL,
  GRANULARITIES,
  bucketStart,
  isNegative,
  type Dimension,
  type Granularity,
  type RollupCounters,
} from '@vigil/core';

/** What the rollups need to know of one newly scored conversation. */
export interface ScoredFacts {
  endedAt: Date;
  team: string | null;
  channel: string;
  agentIds: string[];
  messageCount: number;
  customerSentiment: number | null;
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
  return dims;
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
    const negative = isNegative(facts.customerSentiment) ? sign : 0;
    const hasSentiment = facts.customerSentiment != null;
    for (const granularity of GRANULARITIES) {
      const bucket = bucketStart(facts.endedAt, granularity);
      for (const [dimension, value] of dimensionsOf(facts)) {
        const key = `${granularity}|${dimension}|${value}|${bucket.toISOString()}`;
        let row = rows.get(key);
        if (!row) {
          row = {
            granularity,
            dimension,
            value,
            bucket,
            conversations: 0,
            sentimentCount: 0,
            sentimentSum: 0,
            negative: 0,
            messages: 0,
          };
          rows.set(key, row);
        }
        row.conversations += sign;
        row.messages += sign * facts.messageCount;
        row.negative += negative;
        if (hasSentiment) {
          row.sentimentCount += sign;
          row.sentimentSum += sign * facts.customerSentiment!;
        }
      }
    }
  };
  for (const facts of added) count(facts, 1);
  for (const facts of removed) count(facts, -1);
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}
