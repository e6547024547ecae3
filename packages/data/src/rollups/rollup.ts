import {
  ALL,
  EMOTIONS,
  GRANULARITIES,
  QA_CRITERION_DIMENSIONS,
  ROLLUP_COUNTERS,
  bucketStart,
  isNegative,
  parseQaOutcomeKey,
  zeroCounters,
  type Dimension,
  type Granularity,
  type RollupCounters,
  type ScoreFacts,
} from '@vigil/contracts';

/** What the rollups need to know of one scored conversation: where it counts, and its score facts. */
export interface ScoredFacts extends ScoreFacts {
  endedAt: Date;
  team: string | null;
  channel: string;
  agentIds: string[];
  messageCount: number;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether rescoring changed anything the rollups or the criterion counts count. */
export function sameFacts(a: ScoreFacts, b: ScoreFacts): boolean {
  return (
    a.customerSentiment === b.customerSentiment &&
    a.qaScore === b.qaScore &&
    sameList(a.topics, b.topics) &&
    sameList(a.signals, b.signals) &&
    sameList(a.qaOutcomes, b.qaOutcomes)
  );
}

export interface RollupRow extends RollupCounters {
  granularity: Granularity;
  dimension: Dimension;
  value: string;
  bucket: Date;
  /** QA outcomes counted in the bucket, by qaOutcomeKey; only the coaching series keep them. */
  qaCriteria: Record<string, number>;
}

/**
 * The series that keep QA criterion counts: overall, per team and per agent (what trainers coach
 * from), by hour and day; by minute is too fine for coaching and would cost the most to keep.
 */
const CRITERIA_DIMENSIONS: ReadonlySet<Dimension> = new Set(QA_CRITERION_DIMENSIONS);
const keepsCriteria = (granularity: Granularity, dimension: Dimension) =>
  granularity !== 'minute' && CRITERIA_DIMENSIONS.has(dimension);

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
    // Only the counters this conversation moves: most of the two dozen are zero for any one of them.
    const counters = countersOf(facts);
    const moved: [keyof RollupCounters, number][] = [];
    for (const { key } of ROLLUP_COUNTERS) if (counters[key] !== 0) moved.push([key, sign * counters[key]]);
    const dimensions = dimensionsOf(facts);
    for (const granularity of GRANULARITIES) {
      const bucket = bucketStart(facts.endedAt, granularity);
      const bucketKey = `${granularity}|${bucket.toISOString()}`;
      for (const [dimension, value] of dimensions) {
        const key = `${bucketKey}|${dimension}|${value}`;
        let row = rows.get(key);
        if (!row)
          rows.set(key, (row = { granularity, dimension, value, bucket, ...zeroCounters(), qaCriteria: {} }));
        for (const [counter, delta] of moved) row[counter] += delta;
        if (keepsCriteria(granularity, dimension)) {
          for (const outcome of facts.qaOutcomes)
            row.qaCriteria[outcome] = (row.qaCriteria[outcome] ?? 0) + sign;
        }
      }
    }
  };
  for (const facts of added) count(facts, 1);
  for (const facts of removed) count(facts, -1);
  for (const row of rows.values()) {
    for (const [outcome, n] of Object.entries(row.qaCriteria)) if (n === 0) delete row.qaCriteria[outcome];
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** Met / not met of one QA criterion in one bucket. */
export interface CriterionCount {
  bucket: Date;
  criterion: string;
  met: number;
  notMet: number;
}

/**
 * Met / not met per criterion and bucket from rollup rows' QA outcome counts (rows of several series
 * with the same bucket are summed), ordered by criterion, then bucket. A rescore can leave a criterion
 * at zero in a bucket: such a bucket had no conversation it applied to, so it is left out.
 */
export function criterionCounts(
  rows: Iterable<{ bucket: Date; qaCriteria: Record<string, number> }>,
): CriterionCount[] {
  const counts = new Map<string, CriterionCount>();
  for (const { bucket, qaCriteria } of rows) {
    for (const [outcome, n] of Object.entries(qaCriteria)) {
      if (n === 0) continue;
      const { criterion, outcome: counted } = parseQaOutcomeKey(outcome);
      const key = `${criterion}|${bucket.toISOString()}`;
      let c = counts.get(key);
      if (!c) counts.set(key, (c = { bucket, criterion, met: 0, notMet: 0 }));
      if (counted === 'met') c.met += n;
      else c.notMet += n;
    }
  }
  return [...counts.values()].sort((a, b) =>
    a.criterion < b.criterion ? -1 : a.criterion > b.criterion ? 1 : a.bucket.getTime() - b.bucket.getTime(),
  );
}
