import { BadRequestException, Injectable } from '@nestjs/common';
import {
  ALL,
  addCounters,
  metRate,
  toMetricPoint,
  zeroCounters,
  type BreakdownRow,
  type Granularity,
  type MetricsQuery,
  type OverviewSnapshot,
  type QaCriteriaQuery,
  type QaCriteriaSnapshot,
  type QaCriterionHistory,
  type RollupCounters,
  type TopicTrend,
} from '@vigil/contracts';
import { EngineConfigService } from '../engine-config/engine-config.service.js';
import { bucketRange, overviewFilter, type QueryProblem } from './metric-query.js';
import { OVERALL, RollupRepository, type Series } from '@vigil/data';

const OVERALL_CRITERIA = { dimension: 'all', value: ALL } as const;

/** Most buckets one series may span: keeps every chart query small. */
const MAX_POINTS = 2000;
/** Topic labels change only when the taxonomy does; the live gateway asks several times a second. */
const LABELS_TTL_MS = 10_000;

function toBreakdownRow(r: RollupCounters & { value: string }): BreakdownRow {
  const { conversations, sentiment, negativeShare, qaScore } = toMetricPoint('', r);
  return { value: r.value, conversations, sentiment, negativeShare, qaScore };
}

function badQuery({ field, message, summary }: QueryProblem): BadRequestException {
  return new BadRequestException({ message: summary, errors: [{ field: `query.${field}`, message }] });
}

/** The query's range, or a 400 naming the field. */
function rangeOrThrow(query: { from: string; to: string; granularity: Granularity }): {
  from: Date;
  to: Date;
} {
  const range = bucketRange(query, MAX_POINTS);
  if ('problem' in range) throw badQuery(range.problem);
  return range;
}

/** The overview's numbers, from rollups, for REST and for the live gateway alike. */
@Injectable()
export class MetricsService {
  private labels: { byKey: Map<string, string>; until: number } | null = null;

  constructor(
    private readonly rollups: RollupRepository,
    private readonly engineConfig: EngineConfigService,
  ) {}

  /**
   * `topics` false leaves the topic trends out (three more queries): the live gateway refreshes them
   * less often than the counts.
   */
  async overview(query: MetricsQuery, { topics: withTopics = true } = {}): Promise<OverviewSnapshot> {
    const chosen = overviewFilter(query);
    if (typeof chosen === 'object') throw badQuery(chosen.problem);
    const { from, to } = rangeOrThrow(query);
    const filter = chosen;
    const series: Series = filter ? { dimension: filter, value: query[filter]! } : OVERALL;

    const [rows, byTeam, byChannel, topics] = await Promise.all([
      this.rollups.series(query.granularity, series, from, to),
      // Rollups are kept per single dimension: a filtered view has only its own breakdown row.
      !filter || filter === 'team'
        ? this.rollups.breakdown(query.granularity, 'team', from, to, query.team)
        : [],
      !filter || filter === 'channel'
        ? this.rollups.breakdown(query.granularity, 'channel', from, to, query.channel)
        : [],
      withTopics && (!filter || filter === 'topic') ? this.topicTrends(query, from, to, query.topic) : [],
    ]);
    const totals = rows.reduce<RollupCounters>((sum, r) => addCounters(sum, r), zeroCounters());
    const { t: _t, ...totalPoint } = toMetricPoint('', totals);
    return {
      query: { ...query, from: from.toISOString(), to: to.toISOString() },
      series: rows.map((r) => toMetricPoint(new Date(r.bucket).toISOString(), r)),
      totals: totalPoint,
      byTeam: byTeam.map(toBreakdownRow),
      byChannel: byChannel.map(toBreakdownRow),
      topics,
      generatedAt: new Date().toISOString(),
    };
  }

  /**
   * Each QA criterion's met / not met over a period, overall or for one team or agent: the scorecard
   * in force in its order, with its labels, then any criterion no longer in it that has outcomes in
   * the period (shown by its key, so that history does not vanish when the scorecard changes).
   */
  async qaCriteria(query: QaCriteriaQuery): Promise<QaCriteriaSnapshot> {
    if (query.team && query.agent) {
      throw badQuery({
        field: 'agent',
        message: 'cannot be combined with team',
        summary: 'Filter by one of team or agent',
      });
    }
    const { from, to } = rangeOrThrow(query);
    const series = query.agent
      ? ({ dimension: 'agent', value: query.agent } as const)
      : query.team
        ? ({ dimension: 'team', value: query.team } as const)
        : OVERALL_CRITERIA;
    const [rows, { config }] = await Promise.all([
      this.rollups.qaCriteria(query.granularity, series, from, to),
      this.engineConfig.current(),
    ]);

    const byKey = new Map<string, QaCriterionHistory>();
    const history = (key: string, label: string, inScorecard: boolean): QaCriterionHistory => {
      const h: QaCriterionHistory = { key, label, inScorecard, met: 0, notMet: 0, rate: null, points: [] };
      byKey.set(key, h);
      return h;
    };
    for (const c of config.scorecard.criteria) history(c.key, c.label, true);
    const retired: QaCriterionHistory[] = [];
    for (const row of rows) {
      let h = byKey.get(row.criterion);
      if (!h) retired.push((h = history(row.criterion, row.criterion, false)));
      h.met += row.met;
      h.notMet += row.notMet;
      const t = new Date(row.bucket).toISOString();
      h.points.push({ t, met: row.met, notMet: row.notMet, rate: metRate(row.met, row.notMet) });
    }
    const criteria = [...config.scorecard.criteria.map((c) => byKey.get(c.key)!), ...retired];
    for (const h of criteria) h.rate = metRate(h.met, h.notMet);
    return {
      query: { ...query, from: from.toISOString(), to: to.toISOString() },
      criteria,
      generatedAt: new Date().toISOString(),
    };
  }

  /** Topics in the window against the window just before it, for "top" and "fastest growing". */
  private async topicTrends(query: MetricsQuery, from: Date, to: Date, only?: string): Promise<TopicTrend[]> {
    const before = new Date(from.getTime() - (to.getTime() - from.getTime()));
    const [now, previous, [all], labels] = await Promise.all([
      this.rollups.breakdown(query.granularity, 'topic', from, to, only),
      this.rollups.breakdown(query.granularity, 'topic', before, from, only, 500),
      this.rollups.breakdown(query.granularity, 'all', from, to),
      this.topicLabels(),
    ]);
    const previousOf = new Map(previous.map((p) => [p.value, p.conversations]));
    return now.map((t) => {
      const prev = previousOf.get(t.value) ?? 0;
      return {
        key: t.value,
        label: labels.get(t.value) ?? t.value,
        conversations: t.conversations,
        share: all ? t.conversations / all.conversations : 0,
        previous: prev,
        growth: prev > 0 ? t.conversations / prev : null,
      };
    });
  }

  private async topicLabels(): Promise<Map<string, string>> {
    if (this.labels && this.labels.until > Date.now()) return this.labels.byKey;
    const { config } = await this.engineConfig.current();
    const byKey = new Map(config.topics.taxonomy.topics.map((t) => [t.key, t.label]));
    this.labels = { byKey, until: Date.now() + LABELS_TTL_MS };
    return byKey;
  }
}
