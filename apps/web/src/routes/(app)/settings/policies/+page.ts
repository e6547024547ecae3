import { error } from '@sveltejs/kit';
import type { PageLoad } from './$types';

/** Compliance policies: admins and compliance officers (a trainer's role may not change them). */
export const load: PageLoad = async ({ parent }) => {
  const { current, access } = await parent();
  if (!current || !access.policies)
    error(403, { message: 'Compliance policies are for admins and compliance officers.' });
  return { current, access };
};
