import { createApi, failLoad } from '$lib/api';
import { parseQueueFilters, toListQuery } from '$lib/features/review/review';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  const filters = parseQueueFilters(url.searchParams);
  try {
    return { filters, queue: await createApi(fetch).listFlags(toListQuery(filters)) };
  } catch (err) {
    failLoad(err, url);
  }
};
