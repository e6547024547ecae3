/** Steps (minutes) an axis of one-minute buckets may label by, each a round time of day. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 240] as const;

/** Room one time label needs, with a gap: "03:30 PM" in the dashboard's font is about 55 px. */
export const TIME_LABEL_PX = 72;

/**
 * The smallest round step that puts no more labels on an axis of `minutes` one-minute buckets than
 * fit in `widthPx`: 4 h on a wide card → every 30 min; 4 h on a phone → every hour.
 */
export function minuteTickStep(minutes: number, widthPx: number, labelPx = TIME_LABEL_PX): number {
  const room = Math.max(2, Math.floor(widthPx / labelPx));
  return STEPS.find((step) => minutes / step <= room) ?? STEPS[STEPS.length - 1]!;
}
