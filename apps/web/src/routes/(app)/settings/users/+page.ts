import { error } from '@sveltejs/kit';
import { createApi, failLoad } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { access } = await parent();
  if (!access.users) error(403, { message: 'Only admins manage users.' });
  const api = createApi(fetch);
  try {
    const [users, knownTeams] = await Promise.all([api.users(), api.teams()]);
    return { users, knownTeams };
  } catch (err) {
    failLoad(err, url);
  }
};
