import {
  COACHING_EXAMPLES,
  bucketStart,
  metRate,
  type CoachingCriterion,
  type CoachingReport,
  type CoachingReportQuery,
  type ConversationDetail,
  type OverviewSnapshot,
  type QaCriteriaSnapshot,
} from '@vigil/contracts';
import type { ConversationRepository } from '../conversations/conversation.repository';
import { MetricsQueryError, type EngineConfigReader, type RollupMetrics } from '../rollups/rollup-metrics';
import type { CoachingRepository, CoachingScope } from './coaching.repository';

/** Reports are read by day: the rollups' QA criteria are kept by hour and day, and coaching looks at weeks. */
const GRANULARITY = 'day' as const;
/** How many topics a report lists. */
const TOPICS = 10;

/** Criteria by met rate, lowest first (ties by label). */
const byRate = (a: CoachingCriterion, b: CoachingCriterion) =>
  a.rate! - b.rate! || a.label.localeCompare(b.label);

/** The report's conversations: `from` at the start of its day, as the rollups' day buckets are. */
export function coachingScope(query: CoachingReportQuery, teams: readonly string[] | null): CoachingScope {
  const from = bucketStart(new Date(query.from), GRANULARITY);
  const to = new Date(query.to);
  if (!(to > from)) {
    throw new MetricsQueryError({
      field: 'to',
      message: 'must be after from',
      summary: '"to" must be after "from"',
    });
  }
  return { agent: query.agent, team: query.team, teams, from, to };
}

/** A report file's name from its subject and period, in characters any file system takes. */
export function coachingFileName(query: CoachingReportQuery, extension: 'csv' | 'pdf'): string {
  const subject = (query.agent ?? query.team!).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  return `vigil-coaching-${subject}-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.${extension}`;
}

/**
 * A coaching report's numbers, for the API (the page, the PDF served at once) and the workers
 * (large and scheduled reports). Charts and criteria come from the rollups (through RollupMetrics,
 * which also applies team scoping); what the rollups do not keep (start-to-end sentiment, an
 * agent's topics, examples) is one aggregate query each over the report's conversations.
 */
export class CoachingReportBuilder {
  constructor(
    private readonly metrics: RollupMetrics,
    private readonly repository: CoachingRepository,
    private readonly conversations: ConversationRepository,
    private readonly engineConfig: EngineConfigReader,
  ) {}

  /**
   * The report over the conversations of `teams` (null: every team; the caller checks the reader
   * may see them, see the API's requireTeamScope).
   */
  async build(query: CoachingReportQuery, teams: readonly string[] | null): Promise<CoachingReport> {
    const scope = coachingScope(query, teams);
    const range = { from: scope.from.toISOString(), to: scope.to.toISOString(), granularity: GRANULARITY };
    const subjectFilter = query.agent !== undefined ? { agent: query.agent } : { team: query.team! };

    const [
      subject,
      criteria,
      outcomes,
      topics,
      flags,
      comparisonTeam,
      agent,
      bestIds,
      worstIds,
      notes,
      config,
    ] = await Promise.all([
      this.metrics.overview({ ...range, ...subjectFilter }, teams, { topics: false }),
      this.metrics.qaCriteria({ ...range, ...subjectFilter }, teams),
      this.repository.outcomes(scope),
      this.repository.topics(scope, TOPICS),
      this.repository.flags(scope),
      query.agent !== undefined ? this.repository.mainTeam(scope) : null,
      query.agent !== undefined ? this.repository.agent(query.agent) : null,
      this.repository.examples(scope, 'best', COACHING_EXAMPLES),
      this.repository.examples(scope, 'worst', COACHING_EXAMPLES),
      query.agent !== undefined ? this.repository.notes(query.agent) : [],
      this.engineConfig.current(),
    ]);
    // An agent is compared with their team; a team (or a teamless agent) with every team the reader sees.
    const comparisonFilter = comparisonTeam ? { team: comparisonTeam } : {};
    const [comparison, comparisonCriteria, best, worst] = await Promise.all([
      this.metrics.overview({ ...range, ...comparisonFilter }, teams, { topics: false }),
      this.metrics.qaCriteria({ ...range, ...comparisonFilter }, teams),
      this.details(bestIds),
      // A conversation is not both an example of the best and of the worst (a report of one or two).
      this.details(worstIds.filter((id) => !bestIds.includes(id))),
    ]);

    const reportCriteria = this.criteria(criteria, comparisonCriteria);
    const scored = reportCriteria.filter((c) => c.rate !== null);
    const labels = new Map(config.config.topics.taxonomy.topics.map((t) => [t.key, t.label]));
    return {
      query: { ...query, from: range.from, to: range.to },
      subject:
        query.agent !== undefined
          ? { kind: 'agent', id: query.agent, name: agent?.name ?? query.agent }
          : { kind: 'team', id: query.team!, name: query.team! },
      comparison: comparisonTeam
        ? { kind: 'team', id: comparisonTeam, name: `team ${comparisonTeam}` }
        : { kind: 'all', id: null, name: teams ? 'your teams' : 'all teams' },
      conversations: outcomes.conversations,
      qaScore: subject.totals.qaScore,
      comparisonQaScore: comparison.totals.qaScore,
      sentiment: subject.totals.sentiment,
      series: this.series(subject, comparison),
      criteria: reportCriteria,
      // The better half and the worse half, so no criterion is named both strongest and weakest.
      strongest: [...scored]
        .sort((a, b) => byRate(b, a))
        .slice(0, Math.ceil(scored.length / 2))
        .map((c) => c.key),
      weakest: [...scored]
        .sort(byRate)
        .slice(0, Math.floor(scored.length / 2))
        .map((c) => c.key),
      sentimentOutcomes: {
        improved: outcomes.improved,
        unchanged: outcomes.unchanged,
        worsened: outcomes.worsened,
        unknown: outcomes.unknown,
      },
      topics: topics.map((t) => ({ ...t, label: labels.get(t.key) ?? t.key })),
      flags,
      best,
      worst,
      notes,
      generatedAt: new Date().toISOString(),
    };
  }

  private series(subject: OverviewSnapshot, comparison: OverviewSnapshot): CoachingReport['series'] {
    const other = new Map(comparison.series.map((p) => [p.t, p.qaScore]));
    return subject.series.map((p) => ({
      t: p.t,
      qaScore: p.qaScore,
      comparisonQaScore: other.get(p.t) ?? null,
      conversations: p.conversations,
    }));
  }

  private criteria(subject: QaCriteriaSnapshot, comparison: QaCriteriaSnapshot): CoachingCriterion[] {
    const other = new Map(comparison.criteria.map((c) => [c.key, c]));
    return subject.criteria
      .filter((c) => c.inScorecard || c.met + c.notMet > 0)
      .map((c) => {
        const o = other.get(c.key);
        return {
          key: c.key,
          label: c.label,
          met: c.met,
          notMet: c.notMet,
          rate: c.rate,
          comparisonRate: o ? metRate(o.met, o.notMet) : null,
        };
      });
  }

  private async details(ids: string[]): Promise<ConversationDetail[]> {
    const found = await Promise.all(ids.map((id) => this.conversations.findDetail(id)));
    return found.filter((d): d is ConversationDetail => d !== null);
  }
}
