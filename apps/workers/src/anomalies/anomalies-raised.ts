import type { Redis } from 'ioredis';
import { REDIS_CHANNELS, type AnomaliesRaisedEvent, type Anomaly } from '@vigil/contracts';

/**
 * What happens when a detection tick has committed new anomalies: the one place they leave the
 * workers. Today the API's live gateway hears of them through Redis; alert delivery hooks in here.
 */
export function anomaliesRaisedHandler(redis: Redis, keyPrefix: string) {
  return async function onAnomaliesRaised(anomalies: Anomaly[]): Promise<void> {
    if (!anomalies.length) return;
    const event: AnomaliesRaisedEvent = { anomalies };
    await redis.publish(`${keyPrefix}:${REDIS_CHANNELS.anomaliesRaised}`, JSON.stringify(event));
  };
}
