import { formatDateTime, formatTime } from '$lib/format';

/** "12 Mar 2026, 09:00 – 10:00" when the period is within one day, else both dates in full. */
export function formatPeriod(from: string, to: string): string {
  const a = new Date(from);
  const b = new Date(to);
  const sameDay = a.toDateString() === b.toDateString();
  return `${formatDateTime(a)} – ${sameDay ? formatTime(b) : formatDateTime(b)}`;
}

/** The quick periods offered wherever a rescore can be started. */
export const RESCORE_PRESETS = [
  { hours: 1, label: 'Last hour' },
  { hours: 24, label: 'Last 24 hours' },
  { hours: 24 * 7, label: 'Last 7 days' },
  { hours: 24 * 30, label: 'Last 30 days' },
] as const;
