import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConversationStatus, QueueName, SCORE_JOB_MAX_CONVERSATIONS } from '@vigil/contracts';
import { ConversationRepository, type QueueState, type VigilConfig } from '@vigil/data';
import { JobQueue } from '../../common/job-queue.service.js';
import { CONFIG } from '../../common/tokens.js';

/**
 * Puts stored conversations on the `score` queue, those stored together in jobs of up to
 * SCORE_JOB_MAX_CONVERSATIONS. Postgres is the source of truth: a conversation whose job never
 * reached Redis (Redis down at ingest) or was lost (Redis restarted) is found by the sweep and
 * queued again; scoring is idempotent, so a conversation queued twice is still scored once.
 */
@Injectable()
export class ScoreQueueService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ScoreQueue');
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    @Inject(CONFIG) private readonly config: VigilConfig,
    private readonly conversations: ConversationRepository,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.sweepTimer = setInterval(() => void this.sweep(), this.config.requeueEverySeconds * 1000);
    this.sweepTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweepTimer);
  }

  /**
   * Queue these conversations and keep their status true: "queued" once their job is in Redis,
   * "received" (stored, waiting for the sweep) when Redis refused. Only the ones whose status
   * changes are written. Returns false when Redis was unavailable.
   */
  async enqueue(conversations: QueueState[]): Promise<boolean> {
    if (conversations.length === 0) return true;
    const idsWith = (status: ConversationStatus) =>
      conversations.filter((c) => c.status === status).map((c) => c.id);
    try {
      const jobs = chunk(
        conversations.map((c) => c.id),
        SCORE_JOB_MAX_CONVERSATIONS,
      ).map((ids) => ({
        payload: { conversationIds: ids },
        // Its conversations name the job: the same ones queued again while it waits add nothing.
        opts: { jobId: ids.length === 1 ? ids[0] : `${ids[0]}+${ids.length}` },
      }));
      // One job is one command; addBulk builds a MULTI pipeline, which costs more than the job.
      if (jobs.length === 1) await this.jobs.add(QueueName.Score, jobs[0]!.payload, jobs[0]!.opts);
      else await this.jobs.addBulk(QueueName.Score, jobs);
    } catch (error) {
      this.logger.warn(
        `could not queue ${conversations.length} conversation(s): ${(error as Error).message}`,
      );
      await this.conversations.markReceived(idsWith(ConversationStatus.Queued));
      return false;
    }
    await this.conversations.markQueued(idsWith(ConversationStatus.Received));
    return true;
  }

  /**
   * Re-queue what has waited too long: conversations whose job never reached Redis, and — only
   * while nothing waits in the score queue — queued ones, whose job must then have been lost (a
   * job waiting in a deep backlog is not lost, and queueing it again would only add work). One API
   * instance sweeps at a time (advisory lock).
   */
  async sweep(): Promise<number> {
    try {
      const includeQueued = (await this.jobs.waiting(QueueName.Score)) === 0;
      return await this.conversations.findUnqueued(
        this.config.requeueAfterSeconds,
        includeQueued,
        async (waiting) => {
          if (await this.enqueue(waiting))
            this.logger.log(`re-queued ${waiting.length} waiting conversation(s)`);
        },
      );
    } catch (error) {
      this.logger.warn(`sweep failed: ${(error as Error).message}`);
      return 0;
    }
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
