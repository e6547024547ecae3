import { ServiceUnavailableException } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';

/**
 * Queue the job of a background run (rescoring, topic discovery) whose row was just stored. The
 * job id is the run id, so asking twice queues once. If Redis is down the run is marked failed, so
 * it does not wait forever, and the caller gets a 503 to try again.
 */
export async function queueRun<T>(
  queue: Queue<T>,
  runId: string,
  data: T,
  options: JobsOptions,
  markFailed: (error: string) => Promise<unknown>,
): Promise<void> {
  try {
    // BullMQ's typings want the queue's name type for the job name; ours is the queue name.
    await (queue as Queue).add(queue.name, data, { ...options, jobId: runId });
  } catch {
    await markFailed('the queue (Redis) is unavailable');
    throw new ServiceUnavailableException('The queue is unavailable; try again shortly');
  }
}
