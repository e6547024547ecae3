import { GRANULARITY_MS, bucketStart, type Granularity, type MetricsQuery } from '@vigil/contracts';

/** What is wrong with a metrics query: the field, what to say about it, and a one-line summary. */
export interface QueryProblem {
  field: string;
  message: string;
  summary: string;
}

/**
 * The buckets a query asks for: `from` snapped to its bucket, up to `to`, at most `maxPoints` of
 * them (a finer granularity over a long range would make one chart query huge).
 */
export function bucketRange(
  query: { from: string; to: string; granularity: Granularity },
  maxPoints: number,
): { from: Date; to: Date } | { problem: QueryProblem } {
  const size = GRANULARITY_MS[query.granularity];
  const from = bucketStart(new Date(query.from), query.granularity);
  const to = new Date(query.to);
  if (!(to > from))
    return { problem: { field: 'to', message: 'must be after from', summary: '"to" must be after "from"' } };
  if ((to.getTime() - from.getTime()) / size > maxPoints) {
    return {
      problem: {
        field: 'granularity',
        message: 'too fine for this range',
        summary: `At most ${maxPoints} ${query.granularity} buckets per query; use a coarser granularity`,
      },
    };
  }
  return { from, to };
}

export type OverviewFilter = 'team' | 'channel' | 'agent' | 'topic';

/**
 * The one dimension an overview is filtered by (rollups are kept per single dimension), undefined
 * for none, or the problem when it names more than one.
 */
export function overviewFilter(query: MetricsQuery): OverviewFilter | undefined | { problem: QueryProblem } {
  const filters = (['team', 'channel', 'agent', 'topic'] as const).filter((f) => query[f]);
  if (filters.length > 1) {
    return {
      problem: {
        field: filters[1]!,
        message: `cannot be combined with ${filters[0]}`,
        summary: 'Filter by one of team, channel, agent or topic',
      },
    };
  }
  return filters[0];
}
