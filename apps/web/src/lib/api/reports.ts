import type {
  CoachingNote,
  CoachingReport,
  CoachingReportQuery,
  CoachingReportRun,
  NewCoachingNote,
  NewReportSubscriptionInput,
  ReportSubscriptionView,
} from '@vigil/contracts';
import { ApiRequestError, buildUrl, request, type Fetch } from './client';

/** Coaching reports (trainers, managers, admins): the report, notes and goals, weekly e-mails. */
export const reportsApi = (fetchFn: Fetch) => ({
  coachingReport: (query: CoachingReportQuery) =>
    request<CoachingReport>(fetchFn, 'GET', '/reports/coaching', { query: { ...query } }),
  addCoachingNote: (note: NewCoachingNote) =>
    request<CoachingNote>(fetchFn, 'POST', '/reports/coaching/notes', { body: note }),
  coachingReportRun: (id: string) =>
    request<CoachingReportRun>(fetchFn, 'GET', `/reports/runs/${encodeURIComponent(id)}`),
  reportSubscriptions: () => request<ReportSubscriptionView[]>(fetchFn, 'GET', '/reports/subscriptions'),
  addReportSubscription: (subscription: NewReportSubscriptionInput) =>
    request<ReportSubscriptionView>(fetchFn, 'POST', '/reports/subscriptions', { body: subscription }),
  removeReportSubscription: (id: string) =>
    request<void>(fetchFn, 'DELETE', `/reports/subscriptions/${encodeURIComponent(id)}`),
});

/** Where a coaching report downloads (plain links: the session cookie goes along). */
export function coachingReportHref(format: 'csv' | 'pdf', query: CoachingReportQuery): string {
  return buildUrl(`/reports/coaching.${format}`, { ...query });
}

/**
 * Asks for a coaching PDF: the file itself when the API builds it at once, or — a large report,
 * answered 202 — the background run building it, to follow until its file is ready.
 */
export async function requestCoachingPdf(
  query: CoachingReportQuery,
): Promise<{ file: Blob; fileName: string } | { run: CoachingReportRun }> {
  let response: Response;
  try {
    response = await fetch(coachingReportHref('pdf', query), { credentials: 'same-origin' });
  } catch {
    throw new ApiRequestError(0, null, 'The Vigil server cannot be reached. Check your connection.');
  }
  if (response.status === 202) return { run: (await response.json()) as CoachingReportRun };
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new ApiRequestError(response.status, body, body?.message ?? `${response.status} Request failed`);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'vigil-coaching.pdf';
  return { file: await response.blob(), fileName };
}
