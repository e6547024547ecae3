import { createApi, failLoad } from '$lib/api';
import type { PageLoad } from './$types';

/** The last `hours` (24 by default, at most a week: what the API reads). */
export const load: PageLoad = async ({ fetch, url }) => {
  const hours = Math.min(Math.max(Number(url.searchParams.get('hours')) || 24, 1), 168);
  try {
    const since = new Date(Date.now() - hours * 3600_000).toISOString();
    return { hours, overview: await createApi(fetch).fraudOverview({ since, limit: 50 }) };
  } catch (err) {
    failLoad(err, url);
  }
};
