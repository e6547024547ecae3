import { z } from 'zod';
import type { OverviewSubscription } from '@vigil/contracts';

/** The room of the feed of scored conversations. */
export const FEED_ROOM = 'feed';

const subscriptionSchema = z.strictObject({
  windowMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  team: z.string().max(200).optional(),
  channel: z.string().max(200).optional(),
});

/** A live overview view a browser asks for, or the message that says what is wrong with it. */
export function parseOverviewSubscription(
  body: unknown,
): { ok: true; view: OverviewSubscription } | { ok: false; message: string } {
  const parsed = subscriptionSchema.safeParse(body);
  if (parsed.success) return { ok: true, view: parsed.data };
  return {
    ok: false,
    message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
  };
}

/** Sockets watching the same view share a room, so each update is computed once per view. */
export function overviewRoom(view: OverviewSubscription): string {
  return `overview:${view.windowMinutes}:${view.team ?? ''}:${view.channel ?? ''}`;
}
