import { error } from '@sveltejs/kit';
import { createApi, failLoad } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { access } = await parent();
  if (!access.keys) error(403, { message: 'Ingest keys are for admins.' });
  try {
    return { keys: await createApi(fetch).ingestKeys() };
  } catch (err) {
    failLoad(err, url);
  }
};
