import { createApi, failLoad } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  try {
    return { campaigns: await createApi(fetch).listCampaigns({ limit: 50 }) };
  } catch (err) {
    failLoad(err, url);
  }
};
