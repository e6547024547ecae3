import { createApi, failLoad } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  try {
    return { sessions: await createApi(fetch).sessions() };
  } catch (err) {
    failLoad(err, url);
  }
};
