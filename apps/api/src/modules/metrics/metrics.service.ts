import { BadRequestException, Injectable } from '@nestjs/common';
import type { MetricsQuery, OverviewSnapshot, QaCriteriaQuery, QaCriteriaSnapshot } from '@vigil/contracts';
import { ConversationRepository, MetricsQueryError, RollupMetrics, RollupRepository } from '@vigil/data';
import { requireTeamScope } from '../auth/require-team-scope.js';
import type { Principal } from '../auth/principal.js';
import { teamsOf } from '../auth/team-scope.js';
import { EngineConfigService } from '../engine-config/engine-config.service.js';

/** A query the rollups cannot answer as asked, as a 400 naming the field. */
function asHttp(error: unknown): unknown {
  if (!(error instanceof MetricsQueryError)) return error;
  const { field, message, summary } = error.problem;
  return new BadRequestException({ message: summary, errors: [{ field: `query.${field}`, message }] });
}

/**
 * The overview's numbers, from rollups, for REST and for the live gateway alike: the data layer's
 * RollupMetrics (shared with the workers, which build reports from it), with team scoping for a
 * principal and its query errors as 400s.
 */
@Injectable()
export class MetricsService extends RollupMetrics {
  constructor(
    private readonly rollupRepository: RollupRepository,
    conversations: ConversationRepository,
    engineConfig: EngineConfigService,
  ) {
    super(rollupRepository, conversations, engineConfig);
  }

  /** The overview a principal may see (403 for a team that is not theirs). */
  overviewFor(principal: Principal, query: MetricsQuery): Promise<OverviewSnapshot> {
    return this.overview(query, requireTeamScope(principal, query.team));
  }

  /** The QA criteria a principal may see (403 for a team that is not theirs). */
  qaCriteriaFor(principal: Principal, query: QaCriteriaQuery): Promise<QaCriteriaSnapshot> {
    return this.qaCriteria(query, requireTeamScope(principal, query.team));
  }

  /** The teams there are to choose from: those seen in conversations, or the user's own. */
  async teams(principal: Principal): Promise<string[]> {
    const own = teamsOf(principal);
    return own ? [...own].sort() : this.rollupRepository.teams();
  }

  override overview(...args: Parameters<RollupMetrics['overview']>): Promise<OverviewSnapshot> {
    return super.overview(...args).catch((error: unknown) => Promise.reject(asHttp(error)));
  }

  override qaCriteria(...args: Parameters<RollupMetrics['qaCriteria']>): Promise<QaCriteriaSnapshot> {
    return super.qaCriteria(...args).catch((error: unknown) => Promise.reject(asHttp(error)));
  }
}
