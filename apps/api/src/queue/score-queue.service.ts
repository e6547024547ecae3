import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { QueueName, SCORE_JOB_OPTIONS, type ConversationStatus, type ScoreJob } from '@vigil/contracts';
import type { VigilConfig } from '@vigil/data';
import { CONFIG } from '../common/tokens.js';

const SWEEP_LOCK = 7712002;

/**
 * Puts stored conversations on the `score` queue. Postgres is the source of truth: a conversation
 * whose job never reached Redis (Redis down at ingest) or was lost (Redis restarted) is found by
 * the sweep and queued again; the job id is the conversation id, so re-queueing is harmless.
 */
@Injectable()
export class ScoreQueueService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ScoreQueue');
  private readonly connection: Redis;
  private readonly queue: Queue<ScoreJob>;
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    @Inject(CONFIG) private readonly config: VigilConfig,
    private readonly dataSource: DataSource,
  ) {
    this.connection = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.connection.on('error', () => undefined); // reported by health; ingest degrades to the sweep
    this.queue = new Queue<ScoreJob>(QueueName.Score, {
      connection: this.connection,
      prefix: config.queuePrefix,
    });
    this.queue.on('error', () => undefined);
  }

  onModuleInit(): void {
    this.sweepTimer = setInterval(() => void this.sweep(), this.config.requeueEverySeconds * 1000);
    this.sweepTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.queue.close().catch(() => undefined);
    this.connection.disconnect();
  }

  /**
   * Queue these conversations and keep their status true: "queued" once their job is in Redis,
   * "received" (stored, waiting for the sweep) when Redis refused. Only the ones whose status
   * changes are written. Returns false when Redis was unavailable.
   */
  async enqueue(conversations: Array<{ id: string; status: ConversationStatus }>): Promise<boolean> {
    if (conversations.length === 0) return true;
    const idsWith = (status: ConversationStatus) =>
      conversations.filter((c) => c.status === status).map((c) => c.id);
    try {
      // One conversation (a single POST) is one command; addBulk builds a MULTI pipeline, which
      // costs the API more CPU than the job itself.
      if (conversations.length === 1) {
        const { id } = conversations[0]!;
        await this.queue.add(QueueName.Score, { conversationId: id }, { ...SCORE_JOB_OPTIONS, jobId: id });
      } else {
        await this.queue.addBulk(
          conversations.map(({ id }) => ({
            name: QueueName.Score,
            data: { conversationId: id },
            opts: { ...SCORE_JOB_OPTIONS, jobId: id },
          })),
        );
      }
    } catch (error) {
      this.logger.warn(
        `could not queue ${conversations.length} conversation(s): ${(error as Error).message}`,
      );
      await this.setStatus(idsWith('queued'), 'queued', 'received');
      return false;
    }
    await this.setStatus(idsWith('received'), 'received', 'queued');
    return true;
  }

  private async setStatus(ids: string[], from: ConversationStatus, to: ConversationStatus): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE conversation SET status = $3::varchar, queued_at = CASE WHEN $3::varchar = 'queued' THEN now() END
        WHERE id = ANY($1::uuid[]) AND status = $2::varchar`,
      [ids, from, to],
    );
  }

  /** Re-queue what has waited too long. One API instance sweeps at a time (advisory lock). */
  async sweep(): Promise<number> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [SWEEP_LOCK]);
        if (!locked) return 0;
        const rows: Array<{ id: string; status: ConversationStatus }> = await tx.query(
          `SELECT id, status FROM conversation
            WHERE status IN ('received', 'queued') AND received_at < now() - make_interval(secs => $1)
            ORDER BY received_at LIMIT 5000`,
          [this.config.requeueAfterSeconds],
        );
        if (rows.length && (await this.enqueue(rows)))
          this.logger.log(`re-queued ${rows.length} waiting conversation(s)`);
        return rows.length;
      });
    } catch (error) {
      this.logger.warn(`sweep failed: ${(error as Error).message}`);
      return 0;
    }
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.connection.ping()) === 'PONG';
    } catch {
      return false;
    }
  }
}
