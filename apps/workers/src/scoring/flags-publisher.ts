import type { Redis } from 'ioredis';
import { REDIS_CHANNELS, type FlagsRaisedEvent, type RaisedFlag } from '@vigil/contracts';
import type { AlertTriggers } from '../alerts/alert-triggers';

/**
 * Tells the API's live gateway, through Redis, which flags a committed batch raised, and hands
 * them to the alert rules (when given).
 */
export class FlagsPublisher {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly alerts?: AlertTriggers,
  ) {}

  async publish(flags: RaisedFlag[]): Promise<void> {
    if (flags.length === 0) return;
    const message: FlagsRaisedEvent = { flags };
    await Promise.all([
      this.redis.publish(`${this.keyPrefix}:${REDIS_CHANNELS.flagsRaised}`, JSON.stringify(message)),
      this.alerts?.raiseAlertTriggers(flags.map((flag) => ({ kind: 'flag', flag }))),
    ]);
  }
}
