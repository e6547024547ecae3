import type {
  FlagAssignInput,
  FlagBulkInput,
  FlagBulkResult,
  FlagDecisionInput,
  FlagDetail,
  FlagListQuery,
  FlagOverview,
  FlagPage,
  FraudOverview,
} from '@vigil/contracts';
import { request, type Fetch } from './client';

/** The review queue (flags.read to read, flags.work to act) and the compliance overview. */
export const flagsApi = (fetchFn: Fetch) => ({
  listFlags: (query: FlagListQuery) =>
    request<FlagPage>(fetchFn, 'GET', '/flags', {
      query: { ...query, overdue: query.overdue ? 'true' : undefined },
    }),
  getFlag: (id: string) => request<FlagDetail>(fetchFn, 'GET', `/flags/${encodeURIComponent(id)}`),
  flagOverview: (query: { from?: string; to?: string }) =>
    request<FlagOverview>(fetchFn, 'GET', '/flags/overview', { query: { ...query } }),
  assignFlag: (id: string, input: FlagAssignInput) =>
    request<FlagDetail>(fetchFn, 'POST', `/flags/${encodeURIComponent(id)}/assign`, { body: input }),
  decideFlag: (id: string, input: FlagDecisionInput) =>
    request<FlagDetail>(fetchFn, 'POST', `/flags/${encodeURIComponent(id)}/decision`, { body: input }),
  commentFlag: (id: string, text: string) =>
    request<FlagDetail>(fetchFn, 'POST', `/flags/${encodeURIComponent(id)}/comments`, { body: { text } }),
  /** The fraud view: risk per hour and the riskiest recent conversations (flags.read). */
  fraudOverview: (query: { since?: string; limit?: number }) =>
    request<FraudOverview>(fetchFn, 'GET', '/fraud/overview', { query: { ...query } }),
  bulkFlags: (input: FlagBulkInput) =>
    request<FlagBulkResult>(fetchFn, 'POST', '/flags/bulk', { body: input }),
});
