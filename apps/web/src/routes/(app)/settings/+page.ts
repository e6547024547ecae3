import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

/** /settings opens the first tab this role may change; without access the layout says so. */
export const load: PageLoad = async ({ parent }) => {
  const { access } = await parent();
  if (access.topics) redirect(307, '/settings/topics');
  if (access.scorecard) redirect(307, '/settings/scorecard');
  if (access.policies) redirect(307, '/settings/policies');
  if (access.keys) redirect(307, '/settings/keys');
  if (access.audit) redirect(307, '/settings/audit');
  if (access.alerts) redirect(307, '/settings/alerts');
  return {};
};
