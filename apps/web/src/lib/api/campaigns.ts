import type { CampaignDetail, CampaignPage } from '@vigil/contracts';
import { request, type Fetch } from './client';

/** Fraud campaigns (flags.read). */
export const campaignsApi = (fetchFn: Fetch) => ({
  listCampaigns: (query: { limit?: number; after?: string } = {}) =>
    request<CampaignPage>(fetchFn, 'GET', '/fraud/campaigns', { query: { ...query } }),
  getCampaign: (id: string) =>
    request<CampaignDetail>(fetchFn, 'GET', `/fraud/campaigns/${encodeURIComponent(id)}`),
});
