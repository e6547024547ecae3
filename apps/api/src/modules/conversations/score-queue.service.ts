import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConversationStatus, QueueName } from '@vigil/contracts';
import { ConversationRepository, type QueueState, type VigilConfig } from '@vigil/data';
import { JobQueue } from '../../common/job-queue.service.js';
import { CONFIG } from '../../common/tokens.js';

/**
 * Puts stored conversations on the `score` queue. Postgres is the source of truth: a conversation
 * whose job never reached Redis (Redis down at ingest) or was lost (Redis restarted) is found by
 * the sweep and queued again; the job id is the conversation id, so re-queueing is harmless.
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
      // One conversation (a single POST) is one command; addBulk builds a MULTI pipeline, which
      // costs the API more CPU than the job itself.
      if (conversations.length === 1) {
        const { id } = conversations[0]!;
        await this.jobs.add(QueueName.Score, { conversationId: id }, { jobId: id });
      } else {
        await this.jobs.addBulk(
          QueueName.Score,
          conversations.map(({ id }) => ({ payload: { conversationId: id }, opts: { jobId: id } })),
        );
      }
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

  /** Re-queue what has waited too long. One API instance sweeps at a time (advisory lock). */
  async sweep(): Promise<number> {
    try {
      return await this.conversations.findUnqueued(this.config.requeueAfterSeconds, async (waiting) => {
        if (await this.enqueue(waiting))
          this.logger.log(`re-queued ${waiting.length} waiting conversation(s)`);
      });
    } catch (error) {
      this.logger.warn(`sweep failed: ${(error as Error).message}`);
      return 0;
    }
  }
}
