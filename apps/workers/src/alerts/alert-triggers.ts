import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_DEFAULTS, QueueName, type AlertTrigger, type AlertsJob } from '@vigil/contracts';

/**
 * The door through which the workers report what alert rules may match: flags raised by scoring,
 * anomalies found by detection. One `alerts` job per call; matching and sending happen there, so a
 * slow receiver never holds up scoring.
 */
export class AlertTriggers {
  private readonly queue: Queue<AlertsJob>;

  constructor(connection: Redis, prefix: string) {
    this.queue = new Queue<AlertsJob>(QueueName.Alerts, { connection, prefix });
  }

  /** Queue what happened for matching against the enabled alert rules (nothing, for none). */
  async raiseAlertTriggers(triggers: AlertTrigger[]): Promise<void> {
    if (triggers.length === 0) return;
    await this.queue.add(QueueName.Alerts, { triggers }, JOB_DEFAULTS[QueueName.Alerts]);
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
