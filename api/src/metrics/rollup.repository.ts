import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ALL, type Dimension, type Granularity, type RollupCounters } from '@vigil/core';

const SUMS = `sum(conversations)::int AS conversations, sum(sentiment_count)::int AS "sentimentCount",
  sum(sentiment_sum)::float8 AS "sentimentSum", sum(negative)::int AS negative, sum(messages)::int AS messages`;

export interface Series {
  dimension: Dimension;
  value: string;
}

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

  async breakdown(
    granularity: Granularity,
    dimension: Dimension,
    from: Date,
    to: Date,
    only?: string,
  ): Promise<Array<RollupCounters & { value: string }>> {
    return this.dataSource.query(
      `SELECT value, ${SUMS} FROM rollup
        WHERE granularity = $1 AND dimension = $2 AND bucket >= $3 AND bucket < $4 AND ($5::varchar IS NULL OR value = $5)
        GROUP BY value ORDER BY sum(conversations) DESC LIMIT 50`,
      [granularity, dimension, from, to, only ?? null],
    );
  }
}

export const OVERALL: Series = { dimension: 'all', value: ALL };
