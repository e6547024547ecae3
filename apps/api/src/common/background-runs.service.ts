import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { QueueName } from '@vigil/contracts';
import {
  BackgroundRunRepository,
  type BackgroundRun,
  type BackgroundRunKind,
  type BackgroundRunKinds,
} from '@vigil/data';
import { JobQueue } from './job-queue.service.js';

/** The queue that runs each kind of background run; its job carries the run's id. */
type RunQueue = QueueName.Rescore | QueueName.DiscoverTopics | QueueName.Retention | QueueName.CoachingReport;

/**
 * Background runs (rescoring, topic discovery; reports, erasure and backfills next): the run is
 * stored, then its job queued with the run id as job id, so asking twice queues once. If Redis is
 * down the run is marked failed, so it does not wait forever, and the caller gets a 503 to try again.
 */
@Injectable()
export class BackgroundRunsService {
  constructor(
    private readonly runs: BackgroundRunRepository,
    private readonly jobs: JobQueue,
  ) {}

  async start<K extends BackgroundRunKind>(
    kind: K,
    queue: RunQueue,
    params: BackgroundRunKinds[K]['params'],
    requestedBy: string,
  ): Promise<BackgroundRun<K>> {
    const run = await this.runs.create(kind, params, requestedBy);
    try {
      await this.jobs.add(queue, { runId: run.id }, { jobId: run.id });
    } catch {
      await this.runs.fail(run.id, 'the queue (Redis) is unavailable');
      throw new ServiceUnavailableException('The queue is unavailable; try again shortly');
    }
    return run;
  }

  find<K extends BackgroundRunKind>(kind: K, id: string): Promise<BackgroundRun<K> | null> {
    return this.runs.find(kind, id);
  }

  recent<K extends BackgroundRunKind>(
    kind: K,
    limit: number,
    status?: BackgroundRun<K>['status'],
  ): Promise<Array<BackgroundRun<K>>> {
    return this.runs.recent(kind, limit, status);
  }
}
