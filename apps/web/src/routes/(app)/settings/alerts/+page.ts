import { error } from '@sveltejs/kit';
import { createApi, failLoad } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { access } = await parent();
  if (!access.alerts) error(403, { message: 'Alerts are for managers and admins.' });
  const api = createApi(fetch);
  try {
    const [rules, deliveries] = await Promise.all([api.alertRules(), api.alertDeliveries({ limit: 50 })]);
    return { rules, deliveries };
  } catch (err) {
    failLoad(err, url);
  }
};
