import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { JOB_DEFAULTS, QUEUE_NAMES, type JobPayloads, type QueueName } from '@vigil/contracts';
import type { VigilConfig } from '@vigil/data';
import { CONFIG } from './tokens.js';

/**
 * The API's one door to the queues: every job is added here, typed by the job map in contracts
 * (queue name → payload, default options). Commands fail fast while Redis is away rather than
 * waiting, so a caller can fall back (ingest leaves the conversation to the sweep).
 */
@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(CONFIG) config: VigilConfig) {
    this.connection = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.connection.on('error', () => undefined); // reported by health
    // Every queue of the map up front: a queue first made while Redis is away would wait for it.
    for (const name of QUEUE_NAMES) {
      const queue = new Queue(name, { connection: this.connection, prefix: config.queuePrefix });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
  }

  /** Add one job with the map's options for its queue, and `opts` over them (a jobId, say). */
  async add<N extends QueueName>(name: N, payload: JobPayloads[N], opts: JobsOptions = {}): Promise<void> {
    await this.queue(name).add(name, payload, { ...JOB_DEFAULTS[name], ...opts });
  }

  /** Many jobs of one queue in one round trip (a MULTI pipeline: for batches, not for one job). */
  async addBulk<N extends QueueName>(
    name: N,
    jobs: Array<{ payload: JobPayloads[N]; opts?: JobsOptions }>,
  ): Promise<void> {
    await this.queue(name).addBulk(
      jobs.map(({ payload, opts }) => ({ name, data: payload, opts: { ...JOB_DEFAULTS[name], ...opts } })),
    );
  }

  /**
   * Remove jobs by id (with their data, result and logs) from one queue; returns how many went. A
   * job a worker holds right now is not removed.
   */
  async remove(name: QueueName, jobIds: string[]): Promise<number> {
    let removed = 0;
    for (const id of jobIds) removed += await this.queue(name).remove(id);
    return removed;
  }

  /** Jobs of a queue not yet taken by a worker (waiting, or delayed for a retry). */
  async waiting(name: QueueName): Promise<number> {
    const counts = await this.queue(name).getJobCounts('waiting', 'delayed', 'prioritized');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.connection.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.connection.disconnect();
  }

  private queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }
}
