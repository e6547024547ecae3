import type { AnomalyDetail, AnomalyList, AnomalyListQuery } from '@vigil/contracts';
import { request, type Fetch } from './client';

/** Anomalies the workers found on the rollup series (overview.read). */
export const anomaliesApi = (fetchFn: Fetch) => ({
  listAnomalies: (query: AnomalyListQuery = {}) =>
    request<AnomalyList>(fetchFn, 'GET', '/anomalies', { query: { ...query } }),
  getAnomaly: (id: string, page = 1) =>
    request<AnomalyDetail>(fetchFn, 'GET', `/anomalies/${encodeURIComponent(id)}`, { query: { page } }),
});
