import type { Redis } from 'ioredis';
import { REDIS_CHANNELS, bucketStart, type MetricsChangedMessage } from '@vigil/contracts';

export interface ChangedConversation {
  id: string;
  endedAt: Date;
  team: string | null;
  channel: string;
}

/** Tells the API's live gateway, through Redis, which minutes, teams and channels just changed. */
export class MetricsPublisher {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  async publish(changed: ChangedConversation[], newlyScored = true): Promise<void> {
    if (changed.length === 0) return;
    const message: MetricsChangedMessage = {
      scored: newlyScored ? changed.map((c) => ({ id: c.id, team: c.team })) : [],
      minutes: [...new Set(changed.map((c) => bucketStart(c.endedAt, 'minute').toISOString()))],
      teams: [...new Set(changed.map((c) => c.team).filter((t): t is string => !!t))],
      channels: [...new Set(changed.map((c) => c.channel))],
    };
    await this.redis.publish(`${this.keyPrefix}:${REDIS_CHANNELS.metricsChanged}`, JSON.stringify(message));
  }
}
