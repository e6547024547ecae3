import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueName, type DiscoverTopicsJob } from '@vigil/contracts';
import { ConfigError } from '@vigil/data';
import type { TopicDiscoveryService } from '../discovery/topic-discovery.service';

export const DISCOVERY_SCHEDULER_ID = 'scheduled-topic-discovery';

/**
 * The `discover-topics` queue's worker, one run at a time, and the schedule (a cron pattern; null
 * removes it) that adds a run at quiet hours. Upserting the scheduler is idempotent, so every
 * workers process may do it at start.
 */
export async function createDiscoverTopicsProcessor(
  discovery: TopicDiscoveryService,
  { connection, prefix, schedule }: { connection: Redis; prefix: string; schedule: string | null },
): Promise<Worker<DiscoverTopicsJob>> {
  const queue = new Queue<DiscoverTopicsJob>(QueueName.DiscoverTopics, { connection, prefix });
  try {
    // One run at a time across every workers process, as well as within one.
    await queue.setGlobalConcurrency(1);
  } catch (error) {
    await queue.close();
    throw error;
  }
  try {
    if (schedule) {
      await queue.upsertJobScheduler(
        DISCOVERY_SCHEDULER_ID,
        { pattern: schedule },
        { name: QueueName.DiscoverTopics, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    } else {
      await queue.removeJobScheduler(DISCOVERY_SCHEDULER_ID);
    }
  } catch (error) {
    // The cron pattern is only parsed here: say which setting is wrong.
    throw new ConfigError(`Invalid configuration:\n  VIGIL_DISCOVERY_SCHEDULE: ${(error as Error).message}`);
  } finally {
    await queue.close();
  }

  const worker = new Worker<DiscoverTopicsJob>(
    QueueName.DiscoverTopics,
    (job: Job<DiscoverTopicsJob>) => discovery.run(job.data),
    { connection, prefix, concurrency: 1, autorun: false, lockDuration: 120_000 },
  );
  return worker;
}
