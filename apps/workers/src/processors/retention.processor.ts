import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueName, type RetentionJob } from '@vigil/contracts';
import { ConfigError } from '@vigil/data';
import type { RetentionService } from '../retention/retention.service';

export const RETENTION_SCHEDULER_ID = 'nightly-retention';

/**
 * The `retention` queue's worker, one run at a time across every workers process (two runs would
 * only race for the same rows), and the nightly schedule (a cron pattern; null removes it).
 * Upserting the scheduler is idempotent, so every workers process may do it at start.
 */
export async function createRetentionProcessor(
  retention: RetentionService,
  { connection, prefix, schedule }: { connection: Redis; prefix: string; schedule: string | null },
): Promise<Worker<RetentionJob>> {
  const queue = new Queue<RetentionJob>(QueueName.Retention, { connection, prefix });
  try {
    await queue.setGlobalConcurrency(1);
    try {
      if (schedule) {
        await queue.upsertJobScheduler(
          RETENTION_SCHEDULER_ID,
          { pattern: schedule },
          { name: QueueName.Retention, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
        );
      } else {
        await queue.removeJobScheduler(RETENTION_SCHEDULER_ID);
      }
    } catch (error) {
      // The cron pattern is only parsed here: say which setting is wrong.
      throw new ConfigError(
        `Invalid configuration:\n  VIGIL_RETENTION_SCHEDULE: ${(error as Error).message}`,
      );
    }
  } finally {
    await queue.close();
  }

  const worker = new Worker<RetentionJob>(
    QueueName.Retention,
    (job: Job<RetentionJob>) => retention.run(job.data),
    // Batches are short, but a run over years of data is long: the lock is renewed while it works.
    { connection, prefix, concurrency: 1, autorun: false, lockDuration: 120_000 },
  );
  return worker;
}
