import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { REDIS_CHANNELS, SOCKET_EVENTS, type FlagsRaisedEvent, type RaisedFlag } from '@vigil/contracts';
import type { VigilConfig } from '@vigil/data';
import type { LiveChannel } from '../../common/live-channel.js';
import { CONFIG } from '../../common/tokens.js';

/** The room of new flags for users who see every team. */
export const FLAGS_ROOM = 'flags';

/** New flags of one team, for users limited to teams (one room per team). */
export function teamFlagsRoom(team: string): string {
  return `flags:team:${team}`;
}

/** The flag rooms a user with these teams joins (null: every team). */
export function flagRooms(teams: readonly string[] | null): string[] {
  return teams ? teams.map(teamFlagsRoom) : [FLAGS_ROOM];
}

/**
 * Pushes new flags. The workers publish the flags a committed batch raised on Redis; every API
 * instance sends them to its own sockets in the flag rooms — all of them to the every-team room, and
 * each team's to its team room — which only sockets of users with flags.read join (the gateway).
 */
@Injectable()
export class LiveFlagsService implements OnModuleDestroy {
  private readonly subscriber: Redis;

  constructor(@Inject(CONFIG) private readonly config: VigilConfig) {
    this.subscriber = new Redis(config.redisUrl);
    this.subscriber.on('error', () => undefined);
  }

  attach(channel: LiveChannel): void {
    void this.subscriber.subscribe(`${this.config.queuePrefix}:${REDIS_CHANNELS.flagsRaised}`);
    this.subscriber.on('message', (_channel: string, message: string) =>
      this.push(channel, (JSON.parse(message) as FlagsRaisedEvent).flags),
    );
  }

  onModuleDestroy(): void {
    this.subscriber.disconnect();
  }

  private push(channel: LiveChannel, flags: RaisedFlag[]): void {
    if (!flags.length) return;
    if (channel.hasMembers(FLAGS_ROOM)) channel.send(SOCKET_EVENTS.flagsRaised, FLAGS_ROOM, { flags });
    const byTeam = new Map<string, RaisedFlag[]>();
    for (const flag of flags) {
      if (flag.team === null) continue;
      byTeam.set(flag.team, [...(byTeam.get(flag.team) ?? []), flag]);
    }
    for (const [team, list] of byTeam) {
      const room = teamFlagsRoom(team);
      if (channel.hasMembers(room)) channel.send(SOCKET_EVENTS.flagsRaised, room, { flags: list });
    }
  }
}
