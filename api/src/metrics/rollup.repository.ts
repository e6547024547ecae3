import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ALL,
  ROLLUP_COUNTERS,
  type Dimension,
  type Granularity,
  type QaCriterionDimension,
  type RollupCounters,
} from '@vigil/core';

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
@Injectable()
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

  /** Met / not met per criterion and bucket of one series (overall, a team or an agent). */
  async qaCriteria(
    granularity: Granularity,
    { dimension, value }: { dimension: QaCriterionDimension; value: string },
    from: Date,
    to: Date,
  ): Promise<Array<{ bucket: Date; criterion: string; met: number; notMet: number }>> {
    // A rescore can leave a row at zero: such a bucket had no conversation the criterion applied to.
    return this.dataSource.query(
      `SELECT bucket, criterion, met, not_met AS "notMet" FROM qa_criterion_rollup
        WHERE granularity = $1 AND dimension = $2 AND value = $3 AND bucket >= $4 AND bucket < $5
          AND (met <> 0 OR not_met <> 0)
        ORDER BY criterion, bucket`,
      [granularity, dimension, value, from, to],
    );
  }
}
