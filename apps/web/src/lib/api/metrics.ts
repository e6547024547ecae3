import type { Granularity, OverviewSnapshot, QaCriteriaQuery, QaCriteriaSnapshot } from '@vigil/contracts';
import { request, type Fetch } from './client';

export interface OverviewQuery {
  from: string;
  to: string;
  granularity: Granularity;
  team?: string;
  channel?: string;
  /** Only one of team, channel, agent and topic (rollups are kept per single dimension). */
  agent?: string;
  topic?: string;
}

/** Aggregates from the rollups: the overview and the QA criteria over time. */
export const metricsApi = (fetchFn: Fetch) => ({
  overview: (query: OverviewQuery) =>
    request<OverviewSnapshot>(fetchFn, 'GET', '/metrics/overview', { query: { ...query } }),
  /** Each QA criterion's met rate over time, overall or for one team or agent. */
  qaCriteria: (query: QaCriteriaQuery) =>
    request<QaCriteriaSnapshot>(fetchFn, 'GET', '/metrics/qa-criteria', { query: { ...query } }),
});
