import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueName, type AlertDeliveryJob, type AlertsJob } from '@vigil/contracts';
import type { AlertDeliveryService } from '../alerts/alert-delivery.service';
import type { AlertsService } from '../alerts/alerts.service';

export const THRESHOLD_SCHEDULER_ID = 'alert-thresholds';

/**
 * The `alerts` queue's worker (matching), and the schedule of the threshold check (every
 * `thresholdEverySeconds`). Upserting the scheduler is idempotent, so every workers process may.
 */
export async function createAlertsProcessor(
  alerts: AlertsService,
  {
    connection,
    prefix,
    thresholdEverySeconds,
  }: { connection: Redis; prefix: string; thresholdEverySeconds: number },
): Promise<Worker<AlertsJob>> {
  const queue = new Queue<AlertsJob>(QueueName.Alerts, { connection, prefix });
  try {
    await queue.upsertJobScheduler(
      THRESHOLD_SCHEDULER_ID,
      { every: thresholdEverySeconds * 1000 },
      {
        name: QueueName.Alerts,
        data: { thresholds: true },
        opts: { removeOnComplete: true, removeOnFail: 100 },
      },
    );
  } finally {
    await queue.close();
  }
  return new Worker<AlertsJob>(QueueName.Alerts, (job: Job<AlertsJob>) => alerts.run(job.data), {
    connection,
    prefix,
    concurrency: 4,
    autorun: false,
  });
}

/** The `alert-delivery` queue's worker: one delivery per job, retried with the map's backoff. */
export function createAlertDeliveryProcessor(
  delivery: AlertDeliveryService,
  { connection, prefix }: { connection: Redis; prefix: string },
): Worker<AlertDeliveryJob> {
  return new Worker<AlertDeliveryJob>(
    QueueName.AlertDelivery,
    (job: Job<AlertDeliveryJob>) =>
      delivery.deliver({
        deliveryId: job.data.deliveryId,
        last: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      }),
    // Receivers are slow more often than busy: several at once.
    { connection, prefix, concurrency: 10, autorun: false },
  );
}
