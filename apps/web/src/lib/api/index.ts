import { alertsApi } from './alerts';
import { anomaliesApi } from './anomalies';
import { auditApi } from './audit';
import { authApi } from './auth';
import { campaignsApi } from './campaigns';
import type { Fetch } from './client';
import { conversationsApi } from './conversations';
import { flagsApi } from './flags';
import { ingestKeysApi } from './ingest-keys';
import { metricsApi } from './metrics';
import { retentionApi } from './retention';
import { reportsApi } from './reports';
import { settingsApi } from './settings';
import { usersApi } from './users';

/**
 * A typed client for the REST API under /api/v1, one file per domain. Bind it to a fetch:
 * SvelteKit's in `load` functions, the global one elsewhere.
 */
export function createApi(fetchFn: Fetch = fetch) {
  return {
    ...alertsApi(fetchFn),
    ...anomaliesApi(fetchFn),
    ...auditApi(fetchFn),
    ...authApi(fetchFn),
    ...conversationsApi(fetchFn),
    ...flagsApi(fetchFn),
    ...ingestKeysApi(fetchFn),
    ...metricsApi(fetchFn),
    ...retentionApi(fetchFn),
    ...reportsApi(fetchFn),
    ...settingsApi(fetchFn),
    ...usersApi(fetchFn),
    ...campaignsApi(fetchFn),
  };
}

export type Api = ReturnType<typeof createApi>;

export * from './client';
export { ssoHref } from './auth';
export { auditCsvHref } from './audit';
export { coachingReportHref, requestCoachingPdf } from './reports';
export type { OverviewQuery } from './metrics';
export type { NewUser, UserChange } from './users';
export type { EngineConfigDocument, EngineConfigSummary, ScorecardChange, TopicsChange } from './settings';
