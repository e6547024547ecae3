import { BadRequestException, Injectable } from '@nestjs/common';
import {
  GRANULARITY_MS,
  bucketStart,
  toMetricPoint,
  type BreakdownRow,
  type MetricsQuery,
  type OverviewSnapshot,
  type RollupCounters,
} from '@vigil/core';
import { OVERALL, RollupRepository, type Series } from './rollup.repository.js';

/** Most buckets one series may span: keeps every chart query small. */
const MAX_POINTS = 2000;

const zero = (): RollupCounters => ({
  conversations: 0,
  sentimentCount: 0,
  sentimentSum: 0,
  negative: 0,
  messages: 0,
});

function add(a: RollupCounters, b: RollupCounters): RollupCounters {
  return {
    conversations: a.conversations + b.conversations,
    sentimentCount: a.sentimentCount + b.sentimentCount,
    sentimentSum: a.sentimentSum + b.sentimentSum,
    negative: a.negative + b.negative,
    messages: a.messages + b.messages,
  };
}

function toBreakdownRow(r: RollupCounters & { value: string }): BreakdownRow {
  const { t: _t, messages: _m, ...point } = toMetricPoint('', r);
  return { value: r.value, ...point };
}

/** The overview's numbers, from rollups, for REST and for the live gateway alike. */
@Injectable()
export class MetricsService {
  constructor(private readonly rollups: RollupRepository) {}

  async overview(query: MetricsQuery): Promise<OverviewSnapshot> {
    if (query.team && query.channel) {
      throw new BadRequestException({
        message: 'Filter by team or by channel, not both',
        errors: [{ field: 'query.channel', message: 'cannot be combined with team' }],
      });
    }
    const size = GRANULARITY_MS[query.granularity];
    const from = bucketStart(new Date(query.from), query.granularity);
    const to = new Date(query.to);
    if (!(to > from))
      throw new BadRequestException({
        message: '"to" must be after "from"',
        errors: [{ field: 'query.to', message: 'must be after from' }],
      });
    if ((to.getTime() - from.getTime()) / size > MAX_POINTS) {
      throw new BadRequestException({
        message: `At most ${MAX_POINTS} ${query.granularity} buckets per query; use a coarser granularity`,
        errors: [{ field: 'query.granularity', message: 'too fine for this range' }],
      });
    }
    const series: Series = query.team
      ? { dimension: 'team', value: query.team }
      : query.channel
        ? { dimension: 'channel', value: query.channel }
        : OVERALL;

    const [rows, byTeam, byChannel] = await Promise.all([
      this.rollups.series(query.granularity, series, from, to),
      this.rollups.breakdown(query.granularity, 'team', from, to, query.team),
      // Rollups are kept per single dimension, so a team-filtered view has no channel split.
      query.team
        ? Promise.resolve([])
        : this.rollups.breakdown(query.granularity, 'channel', from, to, query.channel),
    ]);
    const totals = rows.reduce<RollupCounters>((sum, r) => add(sum, r), zero());
    const { t: _t, ...totalPoint } = toMetricPoint('', totals);
    return {
      query: { ...query, from: from.toISOString(), to: to.toISOString() },
      series: rows.map((r) => toMetricPoint(new Date(r.bucket).toISOString(), r)),
      totals: totalPoint,
      byTeam: query.channel ? [] : byTeam.map(toBreakdownRow),
      byChannel: byChannel.map(toBreakdownRow),
      generatedAt: new Date().toISOString(),
    };
  }
}
