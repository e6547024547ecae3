import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  const { current, access } = await parent();
  if (!current || !(access.topics || access.scorecard))
    error(403, { message: 'The topic taxonomy is for admins and trainers.' });
  return { current, access };
};
