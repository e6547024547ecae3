import type { DataSource } from 'typeorm';
import {
  ALL,
  ROLLUP_COUNTERS,
  parseQaOutcomeKey,
  type Dimension,
  type Granularity,
  type QaCriterionDimension,
  type RollupCounters,
} from '@vigil/contracts';

/** Every counter summed over the rows a query groups, made from the list of counters in core. */
const SUMS = ROLLUP_COUNTERS.map(
  (c) => `sum(${c.column})::${c.sqlType === 'int' ? 'int' : 'float8'} AS "${c.key}"`,
).join(', ');

export interface Series {
  dimension: Dimension;
  value: string;
}

export const OVERALL: Series = { dimension: 'all', value: ALL };

/** Reads rollups only: the dashboard never scans raw conversations for its charts. */
export class RollupRepository {
  constructor(private readonly dataSource: DataSource) {}

  async series(
    granularity: Granularity,
    { dimension, value }: Series,
    from: Date,
    to: Date,
  ): Promise<Array<RollupCounters & { bucket: Date }>> {
    return this.dataSource.query(
      `SELECT bucket, ${SUMS} FROM rollup
        WHERE granularity = $1 AND dimension = $2 AND value = $3 AND bucket >= $4 AND bucket < $5
        GROUP BY bucket ORDER BY bucket`,
      [granularity, dimension, value, from, to],
    );
  }

  /** Totals per value of a dimension over a range, largest first; `only` keeps one value. */
  async breakdown(
    granularity: Granularity,
    dimension: Dimension,
    from: Date,
    to: Date,
    only?: string,
    limit = 50,
  ): Promise<Array<RollupCounters & { value: string }>> {
    return this.dataSource.query(
      `SELECT value, ${SUMS} FROM rollup
        WHERE granularity = $1 AND dimension = $2 AND bucket >= $3 AND bucket < $4
          AND ($5::varchar IS NULL OR value = $5)
        GROUP BY value HAVING sum(conversations) > 0 ORDER BY sum(conversations) DESC, value LIMIT $6`,
      [granularity, dimension, from, to, only ?? null, limit],
    );
  }

  /**
   * Met / not met per criterion and bucket of one series (overall, a team or an agent), ordered by
   * criterion, then bucket. A rescore can leave a criterion at zero in a bucket: such a bucket had no
   * conversation it applied to, so it is left out. Kept by hour and day only (not by minute).
   */
  async qaCriteria(
    granularity: Granularity,
    { dimension, value }: { dimension: QaCriterionDimension; value: string },
    from: Date,
    to: Date,
  ): Promise<Array<{ bucket: Date; criterion: string; met: number; notMet: number }>> {
    const rows: Array<{ bucket: Date; qa_criteria: Record<string, number> }> = await this.dataSource.query(
      `SELECT bucket, qa_criteria FROM rollup
        WHERE granularity = $1 AND dimension = $2 AND value = $3 AND bucket >= $4 AND bucket < $5
          AND qa_criteria <> '{}'::jsonb
        ORDER BY bucket`,
      [granularity, dimension, value, from, to],
    );
    const counts = new Map<string, { bucket: Date; criterion: string; met: number; notMet: number }>();
    for (const { bucket, qa_criteria } of rows) {
      for (const [outcome, n] of Object.entries(qa_criteria)) {
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
      a.criterion < b.criterion
        ? -1
        : a.criterion > b.criterion
          ? 1
          : a.bucket.getTime() - b.bucket.getTime(),
    );
  }
}
