import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueName, type CoachingReportJob } from '@vigil/contracts';
import type { CoachingReportsService } from '../reports/coaching-reports.service';

/**
 * The `coaching-report` queue's worker: large coaching PDFs, one at a time per process (a report
 * over a year of a team is a few large aggregate queries, then a PDF drawn in memory).
 */
export function createCoachingReportProcessor(
  reports: CoachingReportsService,
  { connection, prefix }: { connection: Redis; prefix: string },
): Worker<CoachingReportJob> {
  const worker = new Worker<CoachingReportJob>(
    QueueName.CoachingReport,
    (job: Job<CoachingReportJob>) => reports.build(job.data.runId),
    { connection, prefix, concurrency: 1, autorun: false, lockDuration: 120_000 },
  );
  // Failed for good only after the last attempt: until then the run shows it is being retried.
  worker.on('failed', (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) void reports.fail(job.data.runId, error.message);
  });
  return worker;
}
