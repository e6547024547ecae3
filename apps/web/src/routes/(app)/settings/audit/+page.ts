import { error } from '@sveltejs/kit';
import { createApi, failLoad } from '$lib/api';
import { readAuditFilters, toAuditQuery } from '$lib/features/settings/audit-log';
import type { PageLoad } from './$types';

/** The filters live in the address (a GET form sets them), so a filtered view can be shared or reloaded. */
export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { access } = await parent();
  if (!access.audit) error(403, { message: 'The audit log is for admins and compliance officers.' });
  const filters = readAuditFilters(url.searchParams);
  const query = toAuditQuery(filters);
  try {
    return { filters, query, page: await createApi(fetch).auditLog(query) };
  } catch (err) {
    failLoad(err, url);
  }
};
