import {
  ALL,
  addCounters,
  metRate,
  toMetricPoint,
  zeroCounters,
  type BreakdownRow,
  type EngineConfig,
  type Granularity,
  type MetricsQuery,
  type OverviewSnapshot,
  type QaCriteriaQuery,
  type QaCriteriaSnapshot,
  type QaCriterionHistory,
  type RollupCounters,
  type TopicTrend,
} from '@vigil/contracts';
import type { ConversationRepository } from '../conversations/conversation.repository';
import { bucketRange, overviewFilter, type OverviewFilter, type QueryProblem } from './metric-query';
import { aggregateRollups, criterionCounts, type CriterionCount, type RollupRow } from './rollup';
import { OVERALL, type RollupRepository, type Series } from './rollup.repository';

const OVERALL_CRITERIA = { dimension: 'all', values: [ALL] } as const;

/** Most buckets one series may span: keeps every chart query small. */
const MAX_POINTS = 2000;
/** Topic labels change only when the taxonomy does; the live gateway asks several times a second. */
const LABELS_TTL_MS = 10_000;
/**
 * Most conversations a view of a user limited to teams reads when the rollups cannot answer it
 * (see `overview`): such a view is summed from the conversations themselves, so it is bounded.
 */
export const MAX_SCOPED_CONVERSATIONS = 50_000;

function toBreakdownRow(r: RollupCounters & { value: string }): BreakdownRow {
  const { conversations, sentiment, negativeShare, qaScore } = toMetricPoint('', r);
  return { value: r.value, conversations, sentiment, negativeShare, qaScore };
}

/** A topic's trend: its conversations in the window against the window before, and its share of `all`. */
function trendOf(
  key: string,
  labels: Map<string, string>,
  conversations: number,
  previous: number,
  all: number,
): TopicTrend {
  return {
    key,
    label: labels.get(key) ?? key,
    conversations,
    share: all ? conversations / all : 0,
    previous,
    growth: previous > 0 ? conversations / previous : null,
  };
}

/** The overview from its series rows (one per bucket, oldest first) and its breakdowns. */
function snapshotOf(
  query: MetricsQuery,
  from: Date,
  to: Date,
  rows: Array<RollupCounters & { bucket: Date }>,
  byTeam: Array<RollupCounters & { value: string }>,
  byChannel: Array<RollupCounters & { value: string }>,
  topics: TopicTrend[],
): OverviewSnapshot {
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

/** A query the metrics cannot answer as asked: the API answers it with a 400 naming the field. */
export class MetricsQueryError extends Error {
  constructor(readonly problem: QueryProblem) {
    super(problem.summary);
  }
}

function badQuery(problem: QueryProblem): MetricsQueryError {
  return new MetricsQueryError(problem);
}

/** Where the metrics read the engine configuration in force (its scorecard and topic labels). */
export interface EngineConfigReader {
  current(): Promise<{ config: EngineConfig }>;
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

/**
 * The overview's and QA criteria's numbers, from rollups: for the API (REST and the live gateway)
 * and for the workers (reports built in the background). Errors are MetricsQueryError.
 */
export class RollupMetrics {
  private labels: { byKey: Map<string, string>; until: number } | null = null;

  constructor(
    private readonly rollups: RollupRepository,
    private readonly conversations: ConversationRepository,
    private readonly engineConfig: EngineConfigReader,
  ) {}

  /**
   * `teams` limits the overview to those teams' conversations (a user limited to teams; checked by
   * the caller, see requireTeamScope). Rollups are kept per single dimension, so:
   * - naming one team is that team's series, as for anyone;
   * - naming none is the sum of the teams' series, bucket by bucket (each conversation has one team,
   *   so the sum counts each once), with their rows of the team breakdown; the channel breakdown and
   *   topic trends are left out, as for a one-team view, because those rollups count every team;
   * - naming a channel, an agent or a topic is summed from the score facts of the teams' conversations
   *   in the range, with the same aggregation the workers use for the rollups (at most
   *   MAX_SCOPED_CONVERSATIONS of them, else a 400 asking for a shorter period).
   * `topics` false leaves the topic trends out (more queries): the live gateway refreshes them less
   * often than the counts.
   */
  async overview(
    query: MetricsQuery,
    teams: readonly string[] | null = null,
    { topics: withTopics = true } = {},
  ): Promise<OverviewSnapshot> {
    const chosen = overviewFilter(query);
    if (typeof chosen === 'object') throw badQuery(chosen.problem);
    const { from, to } = rangeOrThrow(query);
    const filter = chosen;
    if (teams && filter !== 'team') {
      return filter
        ? this.teamsDrillDown(query, filter, teams, from, to, withTopics)
        : this.teamsOverview(query, teams, from, to);
    }
    const series: Series = filter ? { dimension: filter, values: [query[filter]!] } : OVERALL;
    const only = (value?: string) => (value ? [value] : undefined);

    const [rows, byTeam, byChannel, topics] = await Promise.all([
      this.rollups.series(query.granularity, series, from, to),
      // Rollups are kept per single dimension: a filtered view has only its own breakdown row.
      !filter || filter === 'team'
        ? this.rollups.breakdown(query.granularity, 'team', from, to, only(query.team))
        : [],
      !filter || filter === 'channel'
        ? this.rollups.breakdown(query.granularity, 'channel', from, to, only(query.channel))
        : [],
      withTopics && (!filter || filter === 'topic') ? this.topicTrends(query, from, to, query.topic) : [],
    ]);
    return snapshotOf(query, from, to, rows, byTeam, byChannel, topics);
  }

  /** Every conversation of some teams: their team series summed, and their team breakdown rows. */
  private async teamsOverview(
    query: MetricsQuery,
    teams: readonly string[],
    from: Date,
    to: Date,
  ): Promise<OverviewSnapshot> {
    const [rows, byTeam] = await Promise.all([
      this.rollups.series(query.granularity, { dimension: 'team', values: teams }, from, to),
      this.rollups.breakdown(query.granularity, 'team', from, to, teams),
    ]);
    return snapshotOf(query, from, to, rows, byTeam, [], []);
  }

  /** One channel, agent or topic within some teams, summed from their conversations' score facts. */
  private async teamsDrillDown(
    query: MetricsQuery,
    filter: Exclude<OverviewFilter, 'team'>,
    teams: readonly string[],
    from: Date,
    to: Date,
    withTopics: boolean,
  ): Promise<OverviewSnapshot> {
    const value = query[filter]!;
    // A topic's trend compares the window with the one before it: read both at once.
    const trend = filter === 'topic' && withTopics;
    const before = new Date(from.getTime() - (to.getTime() - from.getTime()));
    const [rows, byTeam, labels] = await Promise.all([
      this.scopedRollups(teams, trend ? before : from, to, { [filter]: value }),
      trend ? this.rollups.breakdown(query.granularity, 'team', from, to, teams) : [],
      trend ? this.topicLabels() : null,
    ]);
    const ofView = (r: RollupRow) =>
      r.granularity === query.granularity && r.dimension === filter && r.value === value;
    const current = rows.filter((r) => ofView(r) && r.bucket >= from);
    const snapshot = snapshotOf(query, from, to, current, [], [], []);
    const conversations = snapshot.totals.conversations;
    if (filter === 'channel' && conversations > 0) {
      snapshot.byChannel = [toBreakdownRow({ value, ...current.reduce(addCounters, zeroCounters()) })];
    }
    if (trend && conversations > 0) {
      const previous = rows
        .filter((r) => ofView(r) && r.bucket >= before && r.bucket < from)
        .reduce((sum, r) => sum + r.conversations, 0);
      const all = byTeam.reduce((sum, r) => sum + r.conversations, 0);
      snapshot.topics = [trendOf(value, labels!, conversations, previous, all)];
    }
    return snapshot;
  }

  /**
   * Rollup rows of some teams' scored conversations in [from, to), narrowed to a channel, agent or
   * topic, summed from the conversations' score facts by aggregateRollups (as the workers do).
   */
  private async scopedRollups(
    teams: readonly string[],
    from: Date,
    to: Date,
    narrow: { channel?: string; agent?: string; topic?: string },
  ): Promise<RollupRow[]> {
    const facts = await this.conversations.scoredFacts({
      teams,
      from,
      to,
      ...narrow,
      limit: MAX_SCOPED_CONVERSATIONS + 1,
    });
    if (facts.length > MAX_SCOPED_CONVERSATIONS) {
      throw badQuery({
        field: 'from',
        message: `more than ${MAX_SCOPED_CONVERSATIONS} conversations of your teams in this period`,
        summary: "Choose a shorter period: this view is counted from your teams' conversations one by one",
      });
    }
    return aggregateRollups(facts);
  }

  /**
   * Each QA criterion's met / not met over a period, overall or for one team or agent: the scorecard
   * in force in its order, with its labels, then any criterion no longer in it that has outcomes in
   * the period (shown by its key, so that history does not vanish when the scorecard changes).
   */
  async qaCriteria(
    query: QaCriteriaQuery,
    teams: readonly string[] | null = null,
  ): Promise<QaCriteriaSnapshot> {
    if (query.team && query.agent) {
      throw badQuery({
        field: 'agent',
        message: 'cannot be combined with team',
        summary: 'Filter by one of team or agent',
      });
    }
    const { from, to } = rangeOrThrow(query);
    const [rows, { config }] = await Promise.all([
      this.criterionCounts(query, teams, from, to),
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

  /**
   * Criterion counts of the query's series. For a user limited to teams (`teams`), naming no team
   * sums their teams' series, and naming an agent sums the agent's conversations in their teams
   * from the score facts (see `overview`).
   */
  private async criterionCounts(
    query: QaCriteriaQuery,
    teams: readonly string[] | null,
    from: Date,
    to: Date,
  ): Promise<CriterionCount[]> {
    if (teams && !query.team) {
      if (!query.agent) {
        return this.rollups.qaCriteria(query.granularity, { dimension: 'team', values: teams }, from, to);
      }
      const rows = await this.scopedRollups(teams, from, to, { agent: query.agent });
      return criterionCounts(
        rows.filter(
          (r) => r.granularity === query.granularity && r.dimension === 'agent' && r.value === query.agent,
        ),
      );
    }
    const series = query.agent
      ? ({ dimension: 'agent', values: [query.agent] } as const)
      : query.team
        ? ({ dimension: 'team', values: [query.team] } as const)
        : OVERALL_CRITERIA;
    return this.rollups.qaCriteria(query.granularity, series, from, to);
  }

  /** Topics in the window against the window just before it, for "top" and "fastest growing". */
  private async topicTrends(query: MetricsQuery, from: Date, to: Date, only?: string): Promise<TopicTrend[]> {
    const before = new Date(from.getTime() - (to.getTime() - from.getTime()));
    const keep = only ? [only] : undefined;
    const [now, previous, [all], labels] = await Promise.all([
      this.rollups.breakdown(query.granularity, 'topic', from, to, keep),
      this.rollups.breakdown(query.granularity, 'topic', before, from, keep, 500),
      this.rollups.breakdown(query.granularity, 'all', from, to),
      this.topicLabels(),
    ]);
    const previousOf = new Map(previous.map((p) => [p.value, p.conversations]));
    return now.map((t) =>
      trendOf(t.value, labels, t.conversations, previousOf.get(t.value) ?? 0, all?.conversations ?? 0),
    );
  }

  private async topicLabels(): Promise<Map<string, string>> {
    if (this.labels && this.labels.until > Date.now()) return this.labels.byKey;
    const { config } = await this.engineConfig.current();
    const byKey = new Map(config.topics.taxonomy.topics.map((t) => [t.key, t.label]));
    this.labels = { byKey, until: Date.now() + LABELS_TTL_MS };
    return byKey;
  }
}
