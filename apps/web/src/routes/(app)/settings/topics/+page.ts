import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  const { current, access } = await parent();
  if (!current) error(403, { message: "You don't have access to settings." });
  return { current, access };
};
