import type { AuditPage, AuditQuery } from '@vigil/contracts';
import { buildUrl, request, type Fetch } from './client';

/** The audit log (admins and compliance officers). */
export const auditApi = (fetchFn: Fetch) => ({
  auditLog: (query: AuditQuery & { before?: string; limit?: number }) =>
    request<AuditPage>(fetchFn, 'GET', '/audit', { query: { ...query } }),
});

/** Where the filtered audit log downloads as CSV (a plain link: the session cookie goes along). */
export function auditCsvHref(query: AuditQuery): string {
  return buildUrl('/audit.csv', { ...query });
}
