import type { Redis } from 'ioredis';
import { REDIS_CHANNELS, type AnomaliesRaisedEvent, type Anomaly } from '@vigil/contracts';
import type { AlertTriggers } from '../alerts/alert-triggers';

/**
 * What happens when a detection tick has committed new anomalies: the one place they leave the
 * workers: the API's live gateway hears of them through Redis, and alert rules are matched against them.
 */
export function anomaliesRaisedHandler(redis: Redis, keyPrefix: string, alerts?: AlertTriggers) {
  return async function onAnomaliesRaised(anomalies: Anomaly[]): Promise<void> {
    if (!anomalies.length) return;
    const event: AnomaliesRaisedEvent = { anomalies };
    await Promise.all([
      redis.publish(`${keyPrefix}:${REDIS_CHANNELS.anomaliesRaised}`, JSON.stringify(event)),
      alerts?.raiseAlertTriggers(anomalies.map((anomaly) => ({ kind: 'anomaly' as const, anomaly }))),
    ]);
  };
}
