import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { Redis } from 'ioredis';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import {
  REDIS_CHANNELS,
  SESSION_COOKIE,
  SOCKET_EVENTS,
  can,
  type ClientToServerEvents,
  type MetricsChangedMessage,
  type OverviewSnapshot,
  type OverviewSubscription,
  type ServerToClientEvents,
  type TopicTrend,
} from '@vigil/contracts';
import type { VigilConfig } from '@vigil/data';
import { AuthService } from '../auth/auth.service.js';
import type { Principal } from '../auth/principal.js';
import { CONFIG } from '../common/tokens.js';
import { MetricsService } from '../metrics/metrics.service.js';

/** At most this many pushes per second to any one view. */
const PUSH_EVERY_MS = 250;
/** Topic trends (three rollup queries) are refreshed at most this often per view; counts every push. */
const TOPICS_EVERY_MS = 5000;
const FEED_ROOM = 'feed';

const subscriptionSchema = z.strictObject({
  windowMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  team: z.string().max(200).optional(),
  channel: z.string().max(200).optional(),
});

interface SocketData {
  principal: Principal;
  overviewRoom?: string;
}
type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) cookies[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return cookies;
}

/**
 * Pushes the live overview. Workers publish "metrics changed" on Redis after each committed batch;
 * the gateway marks the views that change dirty and, a few times a second at most, sends each dirty
 * view the buckets that moved. A socket that (re)subscribes gets a full snapshot first.
 * Each API instance serves its own sockets (server.local), so nothing is sent twice.
 */
@WebSocketGateway()
export class LiveGateway implements OnGatewayInit, OnModuleDestroy {
  private readonly logger = new Logger('LiveGateway');
  @WebSocketServer() private server!: LiveServer;
  private readonly subscriber: Redis;
  private readonly views = new Map<string, OverviewSubscription>();
  private readonly dirtyMinutes = new Map<string, Set<string>>();
  /** Per view: its topic trends, when they were computed, and whether a push has reused them since. */
  private readonly topicsOf = new Map<string, { topics: TopicTrend[]; at: number; reused: boolean }>();
  private scoredIds: string[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly auth: AuthService,
    private readonly metrics: MetricsService,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {
    this.subscriber = new Redis(config.redisUrl);
    this.subscriber.on('error', () => undefined);
  }

  afterInit(server: LiveServer): void {
    server.use((socket, next) => {
      const token = parseCookies(socket.handshake.headers.cookie)[SESSION_COOKIE];
      (token ? this.auth.principalForSession(token) : Promise.resolve(null)).then(
        (principal) => {
          if (!principal || !can(principal.role, 'overview.read')) return next(new Error('unauthorized'));
          socket.data.principal = principal;
          next();
        },
        () => next(new Error('unavailable')),
      );
    });
    const channel = `${this.config.queuePrefix}:${REDIS_CHANNELS.metricsChanged}`;
    void this.subscriber.subscribe(channel);
    this.subscriber.on('message', (_channel: string, message: string) =>
      this.onMetricsChanged(JSON.parse(message)),
    );
    this.timer = setInterval(() => void this.push(), PUSH_EVERY_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.subscriber.disconnect();
  }

  @SubscribeMessage(SOCKET_EVENTS.overviewSubscribe)
  async subscribeOverview(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<void> {
    const parsed = subscriptionSchema.safeParse(body);
    if (!parsed.success) {
      socket.emit(SOCKET_EVENTS.subscriptionError, {
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
      return;
    }
    const view = parsed.data;
    const room = `overview:${view.windowMinutes}:${view.team ?? ''}:${view.channel ?? ''}`;
    if (socket.data.overviewRoom && socket.data.overviewRoom !== room)
      await socket.leave(socket.data.overviewRoom);
    socket.data.overviewRoom = room;
    this.views.set(room, view);
    await socket.join(room);
    try {
      socket.emit(SOCKET_EVENTS.overviewSnapshot, { ...(await this.snapshot(room, view, true)), room });
    } catch (error) {
      socket.emit(SOCKET_EVENTS.subscriptionError, { message: (error as Error).message });
    }
  }

  @SubscribeMessage(SOCKET_EVENTS.overviewUnsubscribe)
  async unsubscribeOverview(@ConnectedSocket() socket: LiveSocket): Promise<void> {
    if (socket.data.overviewRoom) await socket.leave(socket.data.overviewRoom);
    socket.data.overviewRoom = undefined;
  }

  @SubscribeMessage(SOCKET_EVENTS.feedSubscribe)
  async subscribeFeed(@ConnectedSocket() socket: LiveSocket): Promise<void> {
    await socket.join(FEED_ROOM);
  }

  private onMetricsChanged(message: MetricsChangedMessage): void {
    if (this.hasMembers(FEED_ROOM)) this.scoredIds.push(...message.scoredIds);
    for (const [room, view] of this.views) {
      if (view.team && !message.teams.includes(view.team)) continue;
      if (view.channel && !message.channels.includes(view.channel)) continue;
      const minutes = this.dirtyMinutes.get(room) ?? new Set<string>();
      for (const m of message.minutes) minutes.add(m);
      this.dirtyMinutes.set(room, minutes);
    }
  }

  private async push(): Promise<void> {
    if (this.scoredIds.length) {
      const ids = this.scoredIds;
      this.scoredIds = [];
      this.server.local
        .to(FEED_ROOM)
        .emit(SOCKET_EVENTS.conversationsScored, { ids, at: new Date().toISOString() });
    }
    const dirty = [...this.dirtyMinutes];
    this.dirtyMinutes.clear();
    // A view whose counts moved while its topic trends were reused gets them fresh once they are due.
    const now = Date.now();
    for (const [room, t] of this.topicsOf) {
      if (t.reused && now - t.at >= TOPICS_EVERY_MS && !dirty.some(([r]) => r === room))
        dirty.push([room, new Set()]);
    }
    for (const [room, minutes] of dirty) {
      const view = this.views.get(room);
      if (!view || !this.hasMembers(room)) {
        this.views.delete(room);
        this.topicsOf.delete(room);
        continue;
      }
      try {
        const { series, ...snapshot } = await this.snapshot(room, view, false);
        const points = series.filter((p) => minutes.has(p.t));
        this.server.local.to(room).emit(SOCKET_EVENTS.overviewUpdate, { room, points, snapshot });
      } catch (error) {
        this.logger.warn(`could not refresh ${room}: ${(error as Error).message}`);
      }
    }
  }

  private hasMembers(room: string): boolean {
    return (this.server.of('/').adapter.rooms.get(room)?.size ?? 0) > 0;
  }

  /** The view's overview now; topic trends are recomputed when `fresh` or older than TOPICS_EVERY_MS. */
  private async snapshot(
    room: string,
    view: OverviewSubscription,
    fresh: boolean,
  ): Promise<OverviewSnapshot> {
    const now = Date.now();
    const cached = this.topicsOf.get(room);
    const withTopics = fresh || !cached || now - cached.at >= TOPICS_EVERY_MS;
    const snapshot = await this.metrics.overview(
      {
        from: new Date(now - view.windowMinutes * 60_000).toISOString(),
        to: new Date(now + 60_000).toISOString(),
        granularity: 'minute',
        team: view.team,
        channel: view.channel,
      },
      { topics: withTopics },
    );
    if (withTopics) {
      this.topicsOf.set(room, { topics: snapshot.topics, at: now, reused: false });
    } else {
      cached!.reused = true;
      snapshot.topics = cached!.topics;
    }
    return snapshot;
  }
}
