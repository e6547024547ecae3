import { error } from '@sveltejs/kit';
import { createApi, failLoad } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { access } = await parent();
  if (!access.retention) error(403, { message: 'Retention is for admins.' });
  try {
    return { retention: await createApi(fetch).retention() };
  } catch (err) {
    failLoad(err, url);
  }
};
