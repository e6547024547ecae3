import { createApi, failLoad } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, params }) => {
  try {
    return { campaign: await createApi(fetch).getCampaign(params.id) };
  } catch (err) {
    failLoad(err, url);
  }
};
