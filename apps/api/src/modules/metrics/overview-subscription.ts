import { z } from 'zod';
import type { OverviewSubscription } from '@vigil/contracts';

/** The room of the feed of scored conversations, for users who see every team. */
export const FEED_ROOM = 'feed';

/** The feed of one team's scored conversations, for users limited to teams (one room per team). */
export function teamFeedRoom(team: string): string {
  return `feed:team:${team}`;
}

/** The feed rooms a user with these teams joins (null: every team). */
export function feedRooms(teams: readonly string[] | null): string[] {
  return teams ? teams.map(teamFeedRoom) : [FEED_ROOM];
}

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

/**
 * Sockets watching the same view share a room, so each update is computed once per view. A user
 * limited to teams who names no team sees their teams' sum (see MetricsService.overview): a view of
 * its own, named after those teams. Naming one of their teams is the same view as anyone's.
 */
export function overviewRoom(view: OverviewSubscription, teams: readonly string[] | null = null): string {
  const room = `overview:${view.windowMinutes}:${view.team ?? ''}:${view.channel ?? ''}`;
  return teams && !view.team ? `${room}:teams=${JSON.stringify([...teams].sort())}` : room;
}
