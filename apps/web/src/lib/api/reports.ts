import type { CoachingNote, CoachingReport, CoachingReportQuery, NewCoachingNote } from '@vigil/contracts';
import { buildUrl, request, type Fetch } from './client';

/** Coaching reports (trainers, managers, admins): the report, notes and goals. */
export const reportsApi = (fetchFn: Fetch) => ({
  coachingReport: (query: CoachingReportQuery) =>
    request<CoachingReport>(fetchFn, 'GET', '/reports/coaching', { query: { ...query } }),
  addCoachingNote: (note: NewCoachingNote) =>
    request<CoachingNote>(fetchFn, 'POST', '/reports/coaching/notes', { body: note }),
});

/** Where a coaching report downloads (plain links: the session cookie goes along). */
export function coachingReportHref(format: 'csv' | 'pdf', query: CoachingReportQuery): string {
  return buildUrl(`/reports/coaching.${format}`, { ...query });
}
