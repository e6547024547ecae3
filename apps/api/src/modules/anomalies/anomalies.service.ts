import { Injectable, NotFoundException } from '@nestjs/common';
import {
  GRANULARITY_MS,
  type Anomaly,
  type AnomalyDetail,
  type AnomalyList,
  type AnomalyMetric,
  type AnomalySeverityLevel,
  type Channel,
  type ConversationListQuery,
} from '@vigil/contracts';
import { AnomalyRepository, ConversationRepository, type SeriesKey } from '@vigil/data';
import type { Principal } from '../auth/principal.js';
import { teamsOf } from '../auth/team-scope.js';

const DAY = 86_400_000;

/**
 * Whether a user limited to teams may see an anomaly's series. As on the overview, such a user sees
 * aggregates made of their teams' conversations only: their teams' series, not the overall, channel,
 * agent or topic series, which count every team.
 */
export function maySeeSeries(teams: readonly string[] | null, series: Anomaly['series']): boolean {
  return teams === null || (series.dimension.kind === 'team' && teams.includes(series.dimension.value));
}

@Injectable()
export class AnomaliesService {
  constructor(
    private readonly anomalies: AnomalyRepository,
    private readonly conversations: ConversationRepository,
  ) {}

  async list(
    query: {
      since?: string;
      metric?: AnomalyMetric;
      dimension?: SeriesKey;
      minSeverity?: AnomalySeverityLevel;
      limit: number;
    },
    principal: Principal,
  ): Promise<AnomalyList> {
    const items = await this.anomalies.list({
      since: query.since ? new Date(query.since) : new Date(Date.now() - DAY),
      metric: query.metric,
      dimension: query.dimension,
      minSeverity: query.minSeverity,
      teams: teamsOf(principal),
      limit: query.limit,
    });
    return { items };
  }

  /** 404 for an anomaly of a series the user may not see, as for one that does not exist. */
  async get(
    id: string,
    page: { page: number; pageSize: number },
    principal: Principal,
  ): Promise<AnomalyDetail> {
    const anomaly = await this.anomalies.find(id);
    const teams = teamsOf(principal);
    if (!anomaly || !maySeeSeries(teams, anomaly.series)) throw new NotFoundException(`No anomaly ${id}`);
    const at = Date.parse(anomaly.at);
    // The conversations counted in that bucket of that series: the list's own filters.
    const query: ConversationListQuery & { page: number; pageSize: number } = {
      ...page,
      from: anomaly.at,
      to: new Date(at + GRANULARITY_MS.minute).toISOString(),
    };
    const { kind, value } = anomaly.series.dimension;
    if (kind === 'team') query.team = value;
    else if (kind === 'channel') query.channel = value as Channel;
    else if (kind === 'agent') query.agent = value;
    else if (kind === 'topic') query.topic = value;
    return { ...anomaly, conversations: await this.conversations.list(query, teams) };
  }
}
