import { bucketStart, GRANULARITY_MS, toMetricPoint, zeroCounters } from '@vigil/contracts';
import type { Granularity, MetricPoint } from '@vigil/contracts';

/**
 * The periods of the topic and agent pages: the last 24 hours by hour, or the last 7 days by day.
 * Kept in the URL (?period=7d) so that a view can be shared.
 */

export const PERIODS = {
  '24h': { label: '24 h', long: 'the last 24 hours', granularity: 'hour', buckets: 24 },
  '7d': { label: '7 days', long: 'the last 7 days', granularity: 'day', buckets: 7 },
} as const satisfies Record<
  string,
  { label: string; long: string; granularity: Granularity; buckets: number }
>;

export type PeriodKey = keyof typeof PERIODS;
export const PERIOD_KEYS = Object.keys(PERIODS) as PeriodKey[];
export const DEFAULT_PERIOD: PeriodKey = '24h';

export interface PeriodRange {
  period: PeriodKey;
  granularity: Granularity;
  /** ISO start of the first bucket. */
  from: string;
  /** ISO "now". */
  to: string;
}

export function parsePeriod(params: URLSearchParams): PeriodKey {
  const value = params.get('period');
  return value !== null && value in PERIODS ? (value as PeriodKey) : DEFAULT_PERIOD;
}

export function periodRange(period: PeriodKey, now = Date.now()): PeriodRange {
  const { granularity, buckets } = PERIODS[period];
  const from = bucketStart(now, granularity).getTime() - (buckets - 1) * GRANULARITY_MS[granularity];
  return { period, granularity, from: new Date(from).toISOString(), to: new Date(now).toISOString() };
}

/** `?period=7d` (the default period is left out). */
export function periodSearch(period: PeriodKey): string {
  return period === DEFAULT_PERIOD ? '' : `?period=${period}`;
}

/** One point per bucket of the range, oldest first; the API leaves out buckets where nothing happened. */
export function fillSeries(points: MetricPoint[], range: PeriodRange): MetricPoint[] {
  const size = GRANULARITY_MS[range.granularity];
  const byMs = new Map<number, MetricPoint>();
  for (const point of points) byMs.set(Date.parse(point.t), point);
  const out: MetricPoint[] = [];
  const end = Date.parse(range.to);
  for (let ms = Date.parse(range.from); ms <= end; ms += size) {
    out.push(byMs.get(ms) ?? toMetricPoint(new Date(ms).toISOString(), zeroCounters()));
  }
  return out;
}

const hourLabel = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
// Day buckets are UTC days: name them as such, or a browser west of UTC would show the day before.
const dayLabel = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

/** "14:00" for an hour bucket, "Mon, 23 Nov" for a day bucket. */
export function bucketLabel(t: string, granularity: Granularity): string {
  return (granularity === 'day' ? dayLabel : hourLabel).format(new Date(t));
}

/** The end of a bucket, for a drill-down to the conversations in it. */
export function bucketEnd(t: string, granularity: Granularity): string {
  return new Date(Date.parse(t) + GRANULARITY_MS[granularity]).toISOString();
}
