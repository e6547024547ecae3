import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { REDIS_CHANNELS, SOCKET_EVENTS, type AnomaliesRaisedEvent, type Anomaly } from '@vigil/contracts';
import type { VigilConfig } from '@vigil/data';
import type { LiveChannel } from '../../common/live-channel.js';
import { CONFIG } from '../../common/tokens.js';

/** The room of new anomalies for users who see every team. */
export const ANOMALIES_ROOM = 'anomalies';

/** New anomalies of one team's series, for users limited to teams (one room per team). */
export function teamAnomaliesRoom(team: string): string {
  return `anomalies:team:${team}`;
}

/** The anomaly rooms a user with these teams joins (null: every team). */
export function anomalyRooms(teams: readonly string[] | null): string[] {
  return teams ? teams.map(teamAnomaliesRoom) : [ANOMALIES_ROOM];
}

/**
 * Pushes new anomalies. The workers publish those a detection tick raised on Redis; every API
 * instance sends them to its own sockets: all of them to the every-team room, and a team series'
 * ones to that team's room (users limited to teams see their teams' series only, see maySeeSeries).
 */
@Injectable()
export class LiveAnomaliesService implements OnModuleDestroy {
  private readonly subscriber: Redis;

  constructor(@Inject(CONFIG) private readonly config: VigilConfig) {
    this.subscriber = new Redis(config.redisUrl);
    this.subscriber.on('error', () => undefined);
  }

  attach(channel: LiveChannel): void {
    const name = `${this.config.queuePrefix}:${REDIS_CHANNELS.anomaliesRaised}`;
    void this.subscriber.subscribe(name);
    this.subscriber.on('message', (from: string, message: string) => {
      if (from === name) this.push(channel, (JSON.parse(message) as AnomaliesRaisedEvent).anomalies);
    });
  }

  onModuleDestroy(): void {
    this.subscriber.disconnect();
  }

  private push(channel: LiveChannel, anomalies: Anomaly[]): void {
    if (!anomalies.length) return;
    if (channel.hasMembers(ANOMALIES_ROOM))
      channel.send(SOCKET_EVENTS.anomaliesRaised, ANOMALIES_ROOM, { anomalies });
    const byTeam = new Map<string, Anomaly[]>();
    for (const anomaly of anomalies) {
      const { kind, value } = anomaly.series.dimension;
      if (kind === 'team') byTeam.set(value, [...(byTeam.get(value) ?? []), anomaly]);
    }
    for (const [team, list] of byTeam) {
      const room = teamAnomaliesRoom(team);
      if (channel.hasMembers(room)) channel.send(SOCKET_EVENTS.anomaliesRaised, room, { anomalies: list });
    }
  }
}
