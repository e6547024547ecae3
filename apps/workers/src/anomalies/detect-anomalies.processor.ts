import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_DEFAULTS, QueueName, type DetectAnomaliesJob } from '@vigil/contracts';
import type { AnomalyDetectionService } from './anomaly-detection.service';

export const DETECTION_SCHEDULER_ID = 'anomaly-detection';

/**
 * The `detect-anomalies` queue's worker and its schedule: a tick every `everySeconds`. The job
 * scheduler adds one job per interval whatever the number of workers processes (upserting it is
 * idempotent, so each process does it at start), global concurrency 1 runs one tick at a time, and
 * the detection lock in Postgres keeps that true even if two ticks ever overlapped.
 */
export async function createDetectAnomaliesProcessor(
  detection: AnomalyDetectionService,
  { connection, prefix, everySeconds }: { connection: Redis; prefix: string; everySeconds: number },
): Promise<Worker<DetectAnomaliesJob>> {
  const queue = new Queue<DetectAnomaliesJob>(QueueName.DetectAnomalies, { connection, prefix });
  try {
    await queue.setGlobalConcurrency(1);
    await queue.upsertJobScheduler(
      DETECTION_SCHEDULER_ID,
      { every: everySeconds * 1000 },
      { name: QueueName.DetectAnomalies, data: {}, opts: JOB_DEFAULTS[QueueName.DetectAnomalies] },
    );
  } finally {
    await queue.close();
  }
  return new Worker<DetectAnomaliesJob>(
    QueueName.DetectAnomalies,
    async () => {
      const tick = await detection.tick();
      return { series: tick.series, points: tick.points, stored: tick.stored, raised: tick.raised.length };
    },
    { connection, prefix, concurrency: 1, autorun: false, lockDuration: 120_000 },
  );
}
