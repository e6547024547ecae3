import { createApi, failLoad } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, params }) => {
  try {
    const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
    return { anomaly: await createApi(fetch).getAnomaly(params.id, page) };
  } catch (err) {
    failLoad(err, url);
  }
};
