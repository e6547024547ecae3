import { createApi, failLoad } from '$lib/api';
import { OVERVIEW_DAYS } from '$lib/features/review/review';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  const asked = Number(url.searchParams.get('days'));
  const days = (OVERVIEW_DAYS as readonly number[]).includes(asked) ? asked : 7;
  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  try {
    return {
      days,
      overview: await createApi(fetch).flagOverview({ from: from.toISOString(), to: to.toISOString() }),
    };
  } catch (err) {
    failLoad(err, url);
  }
};
