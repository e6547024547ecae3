import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueName, type RescoreJob } from '@vigil/contracts';
import type { RescoringService } from '../scoring/rescoring.service';

/**
 * The `rescore` queue's worker: one run at a time, so a rescore never starves live scoring of a core.
 * One at a time across every workers process too (BullMQ's global concurrency, kept in Redis): two
 * runs over the same period would each move the rollups by the same difference.
 */
export async function createRescoreProcessor(
  rescoring: RescoringService,
  { connection, prefix }: { connection: Redis; prefix: string },
): Promise<Worker<RescoreJob>> {
  const queue = new Queue<RescoreJob>(QueueName.Rescore, { connection, prefix });
  try {
    await queue.setGlobalConcurrency(1);
  } finally {
    await queue.close();
  }
  const worker = new Worker<RescoreJob>(
    QueueName.Rescore,
    (job: Job<RescoreJob>) => rescoring.run(job.data.runId),
    { connection, prefix, concurrency: 1, autorun: false, lockDuration: 60_000 },
  );
  worker.on('failed', (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
      void rescoring.fail(job.data.runId, error.message);
  });
  return worker;
}
