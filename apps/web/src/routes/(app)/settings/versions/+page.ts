import { error } from '@sveltejs/kit';
import { createApi, failLoad } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { current, access } = await parent();
  if (!current) error(403, { message: "You don't have access to settings." });
  try {
    return { current, access, versions: await createApi(fetch).engineConfigVersions() };
  } catch (err) {
    failLoad(err, url);
  }
};
