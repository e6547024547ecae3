import type { DataSource } from 'typeorm';
import {
  ALL,
  ROLLUP_COUNTERS,
  type Dimension,
  type Granularity,
  type QaCriterionDimension,
  type RollupCounters,
} from '@vigil/contracts';
import { criterionCounts, type CriterionCount } from './rollup';

/** Every counter summed over the rows a query groups, made from the list of counters in core. */
const SUMS = ROLLUP_COUNTERS.map(
  (c) => `sum(${c.column})::${c.sqlType === 'int' ? 'int' : 'float8'} AS "${c.key}"`,
).join(', ');

/** One series, or several of a dimension summed bucket by bucket (a user's teams). */
export interface Series {
  dimension: Dimension;
  values: readonly string[];
}

export const OVERALL: Series = { dimension: 'all', values: [ALL] };

/** Reads rollups only: the dashboard never scans raw conversations for its charts. */
export class RollupRepository {
  constructor(private readonly dataSource: DataSource) {}

  async series(
    granularity: Granularity,
    { dimension, values }: Series,
    from: Date,
    to: Date,
  ): Promise<Array<RollupCounters & { bucket: Date }>> {
    return this.dataSource.query(
      `SELECT bucket, ${SUMS} FROM rollup
        WHERE granularity = $1 AND dimension = $2 AND value = ANY($3::varchar[]) AND bucket >= $4 AND bucket < $5
        GROUP BY bucket ORDER BY bucket`,
      [granularity, dimension, values, from, to],
    );
  }

  /** Totals per value of a dimension over a range, largest first; `only` keeps those values. */
  async breakdown(
    granularity: Granularity,
    dimension: Dimension,
    from: Date,
    to: Date,
    only?: readonly string[],
    limit = 50,
  ): Promise<Array<RollupCounters & { value: string }>> {
    return this.dataSource.query(
      `SELECT value, ${SUMS} FROM rollup
        WHERE granularity = $1 AND dimension = $2 AND bucket >= $3 AND bucket < $4
          AND ($5::varchar[] IS NULL OR value = ANY($5::varchar[]))
        GROUP BY value HAVING sum(conversations) > 0 ORDER BY sum(conversations) DESC, value LIMIT $6`,
      [granularity, dimension, from, to, only ?? null, limit],
    );
  }

  /** Every team conversations were counted for, by name. */
  async teams(): Promise<string[]> {
    const rows: Array<{ value: string }> = await this.dataSource.query(
      `SELECT DISTINCT value FROM rollup WHERE granularity = 'day' AND dimension = 'team' ORDER BY value LIMIT 1000`,
    );
    return rows.map((r) => r.value);
  }

  /**
   * Met / not met per criterion and bucket of a series (overall, teams or an agent), ordered by
   * criterion, then bucket (see criterionCounts). Kept by hour and day only (not by minute).
   */
  async qaCriteria(
    granularity: Granularity,
    { dimension, values }: { dimension: QaCriterionDimension; values: readonly string[] },
    from: Date,
    to: Date,
  ): Promise<CriterionCount[]> {
    const rows: Array<{ bucket: Date; qa_criteria: Record<string, number> }> = await this.dataSource.query(
      `SELECT bucket, qa_criteria FROM rollup
        WHERE granularity = $1 AND dimension = $2 AND value = ANY($3::varchar[]) AND bucket >= $4 AND bucket < $5
          AND qa_criteria <> '{}'::jsonb`,
      [granularity, dimension, values, from, to],
    );
    return criterionCounts(rows.map((r) => ({ bucket: r.bucket, qaCriteria: r.qa_criteria })));
  }
}
