import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_DEFAULTS, QueueName, type ScheduledReportsJob } from '@vigil/contracts';
import type { CoachingReportsService } from '../reports/coaching-reports.service';

export const SCHEDULED_REPORTS_SCHEDULER_ID = 'scheduled-reports';

/**
 * The `scheduled-reports` queue's worker and its schedule: a check every `everySeconds` that
 * e-mails the weekly reports due. The job scheduler adds one job per interval whatever the number
 * of workers processes (each upserts it at start); the row locks in sendDue keep a subscription
 * from being sent twice even when two checks overlap.
 */
export async function createScheduledReportsProcessor(
  reports: CoachingReportsService,
  { connection, prefix, everySeconds }: { connection: Redis; prefix: string; everySeconds: number },
): Promise<Worker<ScheduledReportsJob>> {
  const queue = new Queue<ScheduledReportsJob>(QueueName.ScheduledReports, { connection, prefix });
  try {
    await queue.upsertJobScheduler(
      SCHEDULED_REPORTS_SCHEDULER_ID,
      { every: everySeconds * 1000 },
      { name: QueueName.ScheduledReports, data: {}, opts: JOB_DEFAULTS[QueueName.ScheduledReports] },
    );
  } finally {
    await queue.close();
  }
  return new Worker<ScheduledReportsJob>(
    QueueName.ScheduledReports,
    async () => ({ sent: await reports.sendDue() }),
    { connection, prefix, concurrency: 1, autorun: false, lockDuration: 300_000 },
  );
}
