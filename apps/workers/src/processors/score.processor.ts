import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueName, SCORE_JOB_MAX_CONVERSATIONS, SCORE_JOB_OPTIONS, type ScoreJob } from '@vigil/contracts';
import { Batcher, type ScoringRepository } from '@vigil/data';
import {
  ConversationNotFoundError,
  type BatchOutcome,
  type ScoringService,
} from '../scoring/scoring.service';
import { ConversationPlaces } from './conversation-places';

export interface ScoreProcessorOptions {
  connection: Redis;
  prefix: string;
  /** Most conversations one process holds at a time, whatever the size of their jobs (ConversationPlaces). */
  concurrency: number;
  /** Most conversations per batch (default 250, as VIGIL_SCORE_BATCH_SIZE). */
  batchSize?: number;
  /** Longest a conversation waits for company before its batch goes (default 50 ms). */
  batchWaitMs?: number;
  /** How long a job stays locked without a heartbeat before another worker takes it over (crash recovery). */
  lockDurationMs?: number;
}

/** Some conversations of a job failed: BullMQ retries the job, which then scores only those. */
export class ScoringFailedError extends Error {
  constructor(
    readonly conversationIds: string[],
    cause: Error,
  ) {
    super(cause.message);
  }
}

/**
 * The `score` queue's worker. Thin: each job's conversations join a batch; the batch is scored and
 * written by the ScoringService. A conversation that keeps failing is marked failed with its error
 * once BullMQ has used up its job's attempts — never silently dropped. One that no longer exists
 * (erased after it was queued) has nothing left to score.
 */
export function createScoreProcessor(
  scoring: ScoringService,
  repository: ScoringRepository,
  {
    connection,
    prefix,
    concurrency,
    batchSize = 250,
    batchWaitMs = 50,
    lockDurationMs = 30_000,
  }: ScoreProcessorOptions,
): Worker<ScoreJob> {
  // Each conversation waits a few milliseconds for company, then shares a batch (one transaction, one rollup upsert).
  const batcher = new Batcher<string, BatchOutcome>(
    async (ids) => {
      const outcomes = await scoring.scoreBatch([...new Set(ids)]);
      return ids.map((id) => outcomes.get(id) ?? new Error('not in batch result'));
    },
    batchSize,
    batchWaitMs,
  );

  const places = new ConversationPlaces(concurrency, SCORE_JOB_MAX_CONVERSATIONS);

  const worker = new Worker<ScoreJob>(
    QueueName.Score,
    async (job: Job<ScoreJob>) => {
      const ids = job.data.conversationIds;
      const outcomes = await places.hold(ids.length, () =>
        Promise.allSettled(ids.map((id) => batcher.submit(id))),
      );
      worker.concurrency = places.jobsToFill();
      const failed: string[] = [];
      let firstError: Error | undefined;
      outcomes.forEach((settled, i) => {
        const error =
          settled.status === 'rejected'
            ? (settled.reason as Error)
            : settled.value.ok
              ? null
              : settled.value.error;
        if (error === null || error instanceof ConversationNotFoundError) return;
        failed.push(ids[i]!);
        firstError ??= error ?? new Error('scoring failed');
      });
      if (firstError) throw new ScoringFailedError(failed, firstError);
    },
    {
      connection,
      prefix,
      // Jobs in hand: as many as fill the places with jobs of the size seen lately (bulk's twenty
      // at first), adjusted after every job, so single POSTs' jobs of one or two fill them too.
      concurrency: places.jobsToFill(),
      autorun: false,
      lockDuration: lockDurationMs,
      stalledInterval: lockDurationMs,
    },
  );

  worker.on('failed', (job, error) => {
    if (!job) return;
    const attempts = job.opts.attempts ?? SCORE_JOB_OPTIONS.attempts;
    const ids = error instanceof ScoringFailedError ? error.conversationIds : job.data.conversationIds;
    repository
      .recordFailure(ids, error.message, job.attemptsMade, job.attemptsMade >= attempts)
      .catch((e: Error) =>
        console.error(`[score] could not record the failure of ${ids.join(', ')}: ${e.message}`),
      );
  });
  return worker;
}
