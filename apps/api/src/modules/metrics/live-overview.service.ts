import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import {
  REDIS_CHANNELS,
  SOCKET_EVENTS,
  type MetricsChangedMessage,
  type OverviewSnapshot,
  type OverviewSubscription,
  type TopicTrend,
} from '@vigil/contracts';
import type { VigilConfig } from '@vigil/data';
import type { LiveChannel } from '../../common/live-channel.js';
import { CONFIG } from '../../common/tokens.js';
import { MetricsService } from './metrics.service.js';
import { FEED_ROOM, teamFeedRoom } from './overview-subscription.js';

/** At most this many pushes per second to any one view. */
const PUSH_EVERY_MS = 250;
/** Topic trends (three rollup queries) are refreshed at most this often per view; counts every push. */
const TOPICS_EVERY_MS = 5000;

/**
 * Pushes the live overview. Workers publish "metrics changed" on Redis after each committed batch;
 * this marks the views that change dirty and, a few times a second at most, sends each dirty view
 * the buckets that moved, through the live channel (the gateway). A socket that (re)subscribes gets
 * a full snapshot first. Each API instance serves its own sockets, so nothing is sent twice.
 */
@Injectable()
export class LiveOverviewService implements OnModuleDestroy {
  private readonly logger = new Logger('LiveOverview');
  private readonly subscriber: Redis;
  private channel?: LiveChannel;
  /** Per room: the view, and the teams its users are limited to (null: every team). */
  private readonly views = new Map<string, { view: OverviewSubscription; teams: readonly string[] | null }>();
  private readonly dirtyMinutes = new Map<string, Set<string>>();
  /** Per view: its topic trends, when they were computed, and whether a push has reused them since. */
  private readonly topicsOf = new Map<string, { topics: TopicTrend[]; at: number; reused: boolean }>();
  private scored: MetricsChangedMessage['scored'] = [];
  private timer?: NodeJS.Timeout;
  /** A push still running: the next tick waits for it (what changes meanwhile stays marked dirty). */
  private pushing = false;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {
    this.subscriber = new Redis(config.redisUrl);
    this.subscriber.on('error', () => undefined);
  }

  /** Start pushing through `channel` (the gateway, once its server is up). */
  attach(channel: LiveChannel): void {
    this.channel = channel;
    const name = `${this.config.queuePrefix}:${REDIS_CHANNELS.metricsChanged}`;
    void this.subscriber.subscribe(name);
    this.subscriber.on('message', (_channel: string, message: string) =>
      this.onMetricsChanged(JSON.parse(message)),
    );
    this.timer = setInterval(() => {
      // A slow view (one counted from conversations: see MetricsService.overview) must not make
      // pushes pile up.
      if (this.pushing) return;
      this.pushing = true;
      void this.push().finally(() => (this.pushing = false));
    }, PUSH_EVERY_MS);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.subscriber.disconnect();
  }

  /**
   * A socket joined the view's room: remember the view, and give it a full snapshot. `teams` limits
   * it to those teams (the gateway checked the view against the user's teams: see team-scope.ts).
   */
  subscribe(
    room: string,
    view: OverviewSubscription,
    teams: readonly string[] | null,
  ): Promise<OverviewSnapshot> {
    this.views.set(room, { view, teams });
    return this.snapshot(room, view, teams, true);
  }

  private onMetricsChanged(message: MetricsChangedMessage): void {
    const channel = this.channel;
    const listened = (s: { team: string | null }) =>
      channel?.hasMembers(FEED_ROOM) || (s.team !== null && channel?.hasMembers(teamFeedRoom(s.team)));
    this.scored.push(...message.scored.filter(listened));
    for (const [room, { view, teams }] of this.views) {
      if (view.team && !message.teams.includes(view.team)) continue;
      if (teams && !teams.some((t) => message.teams.includes(t))) continue;
      if (view.channel && !message.channels.includes(view.channel)) continue;
      const minutes = this.dirtyMinutes.get(room) ?? new Set<string>();
      for (const m of message.minutes) minutes.add(m);
      this.dirtyMinutes.set(room, minutes);
    }
  }

  private async push(): Promise<void> {
    const channel = this.channel;
    if (!channel) return;
    if (this.scored.length) {
      const scored = this.scored;
      this.scored = [];
      const at = new Date().toISOString();
      channel.send(SOCKET_EVENTS.conversationsScored, FEED_ROOM, { ids: scored.map((s) => s.id), at });
      // Users limited to teams hear of their teams' conversations only, one room per team.
      const byTeam = new Map<string, string[]>();
      for (const { id, team } of scored) {
        if (team === null) continue;
        const ids = byTeam.get(team) ?? [];
        ids.push(id);
        byTeam.set(team, ids);
      }
      for (const [team, ids] of byTeam)
        channel.send(SOCKET_EVENTS.conversationsScored, teamFeedRoom(team), { ids, at });
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
      const watched = this.views.get(room);
      if (!watched || !channel.hasMembers(room)) {
        this.views.delete(room);
        this.topicsOf.delete(room);
        continue;
      }
      try {
        const { series, ...snapshot } = await this.snapshot(room, watched.view, watched.teams, false);
        const points = series.filter((p) => minutes.has(p.t));
        channel.send(SOCKET_EVENTS.overviewUpdate, room, { room, points, snapshot });
      } catch (error) {
        this.logger.warn(`could not refresh ${room}: ${(error as Error).message}`);
      }
    }
  }

  /** The view's overview now; topic trends are recomputed when `fresh` or older than TOPICS_EVERY_MS. */
  private async snapshot(
    room: string,
    view: OverviewSubscription,
    teams: readonly string[] | null,
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
      teams,
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
