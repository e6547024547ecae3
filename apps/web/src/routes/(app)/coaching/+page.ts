import { error } from '@sveltejs/kit';
import { can } from '@vigil/contracts';
import { createApi, failLoad } from '$lib/api';
import { coachingQuery, readCoachingForm } from '$lib/coaching';
import type { PageLoad } from './$types';

/** The form lives in the address (a GET form sets it), so a report can be shared or reloaded. */
export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { user } = await parent();
  if (!can(user.role, 'reports.build')) {
    error(403, { message: 'Coaching reports are for trainers, managers and admins.' });
  }
  const form = readCoachingForm(url.searchParams);
  const query = coachingQuery(form);
  const api = createApi(fetch);
  try {
    const [teams, report, subscriptions] = await Promise.all([
      api.teams(),
      query ? api.coachingReport(query) : null,
      query ? api.reportSubscriptions() : [],
    ]);
    return { form, query, teams, report, subscriptions };
  } catch (err) {
    failLoad(err, url);
  }
};
