import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueName, type RescoreJob } from '@vigil/contracts';
import type { RescoringService } from '../scoring/rescoring.service';

/** The `rescore` queue's worker: one run at a time, so a rescore never starves live scoring of a core. */
export function createRescoreProcessor(
  rescoring: RescoringService,
  { connection, prefix }: { connection: Redis; prefix: string },
): Worker<RescoreJob> {
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
