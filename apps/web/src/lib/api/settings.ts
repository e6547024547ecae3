import type {
  DiscoveryRun,
  EngineConfig,
  EngineConfigVersion,
  PolicyRule,
  QaScorecard,
  RescoreRun,
  TopicsConfig,
} from '@vigil/contracts';
import { request, type Fetch } from './client';

/** One entry of the configuration history (the configuration itself is left out). */
export type EngineConfigSummary = Omit<EngineConfigVersion, 'config'>;

/** The configuration as one document, as exported and imported. */
export type EngineConfigDocument = EngineConfig & { version?: number };

/** What a settings form sends: the taxonomy's and scorecard's own versions are set by the server. */
export interface TopicsChange {
  taxonomy: { topics: TopicsConfig['taxonomy']['topics'] };
  options?: TopicsConfig['options'];
}
export interface ScorecardChange {
  criteria: QaScorecard['criteria'];
}
export interface PoliciesChange {
  rules: PolicyRule[];
}

/** Settings: the scoring engine's configuration (versioned), rescoring and topic discovery. */
export const settingsApi = (fetchFn: Fetch) => ({
  engineConfig: () => request<EngineConfigVersion>(fetchFn, 'GET', '/settings/engine-config'),
  engineConfigVersions: () =>
    request<EngineConfigSummary[]>(fetchFn, 'GET', '/settings/engine-config/versions'),
  exportEngineConfig: () =>
    request<EngineConfig & { version: number }>(fetchFn, 'GET', '/settings/engine-config/export'),
  importEngineConfig: (document: EngineConfigDocument, note?: string) =>
    request<EngineConfigVersion>(fetchFn, 'POST', '/settings/engine-config/import', {
      body: { ...document, note: note || undefined },
    }),
  saveTopics: (topics: TopicsChange, note?: string) =>
    request<EngineConfigVersion>(fetchFn, 'PUT', '/settings/engine-config/topics', {
      body: { topics, note: note || undefined },
    }),
  saveScorecard: (scorecard: ScorecardChange, note?: string) =>
    request<EngineConfigVersion>(fetchFn, 'PUT', '/settings/engine-config/scorecard', {
      body: { scorecard, note: note || undefined },
    }),
  savePolicies: (policies: PoliciesChange, note?: string) =>
    request<EngineConfigVersion>(fetchFn, 'PUT', '/settings/engine-config/policies', {
      body: { policies, note: note || undefined },
    }),
  startRescore: (from: string, to: string) =>
    request<RescoreRun>(fetchFn, 'POST', '/settings/rescore', { body: { from, to } }),
  rescoreRun: (id: string) =>
    request<RescoreRun>(fetchFn, 'GET', `/settings/rescore/${encodeURIComponent(id)}`),
  rescoreRuns: () => request<RescoreRun[]>(fetchFn, 'GET', '/settings/rescore'),
  engineConfigVersion: (version: number) =>
    request<EngineConfigVersion>(fetchFn, 'GET', `/settings/engine-config/versions/${version}`),
  restoreEngineConfig: (version: number) =>
    request<EngineConfigVersion>(fetchFn, 'POST', `/settings/engine-config/versions/${version}/restore`),

  // ---- settings: topic discovery (admins) ----
  topicDiscovery: () =>
    request<{ latest: DiscoveryRun | null; current: DiscoveryRun | null }>(
      fetchFn,
      'GET',
      '/settings/topic-discovery',
    ),
  startTopicDiscovery: (days: number) =>
    request<DiscoveryRun>(fetchFn, 'POST', '/settings/topic-discovery', { body: { days } }),
  topicDiscoveryRun: (id: string) =>
    request<DiscoveryRun>(fetchFn, 'GET', `/settings/topic-discovery/${encodeURIComponent(id)}`),
  adoptTopicCandidate: (runId: string, candidateId: string) =>
    request<EngineConfigVersion>(
      fetchFn,
      'POST',
      `/settings/topic-discovery/${encodeURIComponent(runId)}/candidates/${encodeURIComponent(candidateId)}/adopt`,
    ),
});
