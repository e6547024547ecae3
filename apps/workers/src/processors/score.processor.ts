import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueName, SCORE_JOB_OPTIONS, type ScoreJob } from '@vigil/contracts';
import { Batcher, type ScoringRepository } from '@vigil/data';
import {
  ConversationNotFoundError,
  type BatchOutcome,
  type ScoringService,
} from '../scoring/scoring.service';

export interface ScoreProcessorOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** Most conversations per batch (default 100); the batcher also flushes after a few ms. */
  batchSize?: number;
  /** How long a job stays locked without a heartbeat before another worker takes it over (crash recovery). */
  lockDurationMs?: number;
}

/**
 * The `score` queue's worker. Thin: each job joins a batch; the batch is scored and written by the
 * ScoringService. A conversation that keeps failing is marked failed with its error once BullMQ
 * has used up its attempts — never silently dropped.
 */
export function createScoreProcessor(
  scoring: ScoringService,
  repository: ScoringRepository,
  { connection, prefix, concurrency, batchSize = 100, lockDurationMs = 30_000 }: ScoreProcessorOptions,
): Worker<ScoreJob> {
  // Each job waits a few milliseconds for company, then shares a batch (one transaction, one rollup upsert).
  const batcher = new Batcher<string, BatchOutcome>(
    async (ids) => {
      const outcomes = await scoring.scoreBatch([...new Set(ids)]);
      return ids.map((id) => outcomes.get(id) ?? new Error('not in batch result'));
    },
    batchSize,
    15,
  );

  const worker = new Worker<ScoreJob>(
    QueueName.Score,
    async (job: Job<ScoreJob>) => {
      const outcome = await batcher.submit(job.data.conversationId);
      if (outcome.ok) return;
      if (outcome.error instanceof ConversationNotFoundError)
        throw new UnrecoverableError(outcome.error.message);
      throw outcome.error ?? new Error('scoring failed');
    },
    {
      connection,
      prefix,
      concurrency,
      autorun: false,
      lockDuration: lockDurationMs,
      stalledInterval: lockDurationMs,
    },
  );

  worker.on('failed', (job, error) => {
    if (!job) return;
    const attempts = job.opts.attempts ?? SCORE_JOB_OPTIONS.attempts;
    const final = job.attemptsMade >= attempts || error instanceof UnrecoverableError;
    const { conversationId } = job.data;
    (final
      ? repository.markFailed(conversationId, error.message, job.attemptsMade)
      : repository.recordAttempt(conversationId, error.message, job.attemptsMade)
    ).catch((e: Error) =>
      console.error(`[score] could not record failure of ${job.data.conversationId}: ${e.message}`),
    );
  });
  return worker;
}
