import type { Redis } from 'ioredis';
import { REDIS_CHANNELS, type FlagsRaisedEvent, type RaisedFlag } from '@vigil/contracts';

/** Tells the API's live gateway, through Redis, which flags a committed batch raised. */
export class FlagsPublisher {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  async publish(flags: RaisedFlag[]): Promise<void> {
    if (flags.length === 0) return;
    const message: FlagsRaisedEvent = { flags };
    await this.redis.publish(`${this.keyPrefix}:${REDIS_CHANNELS.flagsRaised}`, JSON.stringify(message));
  }
}
