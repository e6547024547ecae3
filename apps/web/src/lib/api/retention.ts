import type { RetentionPolicy, RetentionRun, RetentionSettings } from '@vigil/contracts';
import { request, type Fetch } from './client';

/** Retention (admins): the periods per class of data, and the retention run. */
export const retentionApi = (fetchFn: Fetch) => ({
  retention: () => request<RetentionSettings>(fetchFn, 'GET', '/settings/retention'),
  saveRetention: (policy: RetentionPolicy) =>
    request<RetentionSettings>(fetchFn, 'PUT', '/settings/retention', { body: policy }),
  runRetention: () => request<RetentionRun>(fetchFn, 'POST', '/settings/retention/run'),
});
