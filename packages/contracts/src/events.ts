import type { AnomaliesRaisedEvent } from './anomalies';
import type { FlagsRaisedEvent } from './flags';
import type { MetricPoint, OverviewSnapshot } from './metrics';

/**
 * Socket events between the API gateway and browsers, and the Redis channel workers use to say
 * "metrics changed". Typed once here; gateway and web both use these maps.
 */

/** Views a browser can subscribe to. The room is derived from the view and its filters. */
export interface OverviewSubscription {
  /** Window of the live overview in minutes (minute buckets). */
  windowMinutes: number;
  team?: string;
  channel?: string;
}

export interface OverviewDelta {
  room: string;
  /** Buckets that changed since the last push; replace these points by their `t`. */
  points: MetricPoint[];
  /** The window's totals, breakdowns and topics now; its series is only sent in full on subscribe. */
  snapshot: Omit<OverviewSnapshot, 'series'>;
}

export interface ConversationsScoredEvent {
  ids: string[];
  at: string;
}

export interface ServerToClientEvents {
  'overview:snapshot': (snapshot: OverviewSnapshot & { room: string }) => void;
  'overview:update': (delta: OverviewDelta) => void;
  'conversations:scored': (event: ConversationsScoredEvent) => void;
  /** New flags, to users with flags.read, of their teams only (see the live gateway). */
  'flags:raised': (event: FlagsRaisedEvent) => void;
  'error:subscription': (error: { message: string }) => void;
  /** New anomalies, to users with overview.read, of the series they may see (see the live gateway). */
  'anomalies:raised': (event: AnomaliesRaisedEvent) => void;
}

export interface ClientToServerEvents {
  'overview:subscribe': (subscription: OverviewSubscription) => void;
  'overview:unsubscribe': () => void;
  'feed:subscribe': () => void;
  /** Hear of new flags (`flags:raised`): refused without flags.read. */
  'flags:subscribe': () => void;
  /** Hear of new anomalies (`anomalies:raised`). */
  'anomalies:subscribe': () => void;
}

export const SOCKET_EVENTS = {
  overviewSnapshot: 'overview:snapshot',
  overviewUpdate: 'overview:update',
  conversationsScored: 'conversations:scored',
  subscriptionError: 'error:subscription',
  overviewSubscribe: 'overview:subscribe',
  overviewUnsubscribe: 'overview:unsubscribe',
  feedSubscribe: 'feed:subscribe',
  flagsRaised: 'flags:raised',
  flagsSubscribe: 'flags:subscribe',
  anomaliesRaised: 'anomalies:raised',
  anomaliesSubscribe: 'anomalies:subscribe',
} as const satisfies Record<string, keyof ServerToClientEvents | keyof ClientToServerEvents>;

/** Published by workers on Redis after a batch of scores is committed. */
export interface MetricsChangedMessage {
  /** Conversations that became scored in this batch, with their team (the feed is pushed per team). */
  scored: Array<{ id: string; team: string | null }>;
  /** Minute buckets (ISO) that changed. */
  minutes: string[];
  teams: string[];
  channels: string[];
}

export const REDIS_CHANNELS = {
  metricsChanged: 'metrics-changed',
  /** Published by the API instance that ends a user's sessions or revokes a key; every instance forgets them at once. */
  authRevoked: 'auth-revoked',
  /** Published by workers after a batch that raised flags commits (a FlagsRaisedEvent). */
  flagsRaised: 'flags-raised',
  /** Published by workers after a detection tick that raised anomalies commits (an AnomaliesRaisedEvent). */
  anomaliesRaised: 'anomalies-raised',
} as const;

/**
 * What `authRevoked` carries: a user whose sessions (or one session) ended, or whose role or teams
 * changed (their sockets end and reconnect with the new rights), or a revoked ingest key.
 */
export type AuthRevokedMessage =
  { kind: 'user'; userId: string; sessionId?: string } | { kind: 'key'; keyId: string };
