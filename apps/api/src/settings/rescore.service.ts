import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { QueueName, type RescoreJob, type RescoreRun } from '@vigil/contracts';
import { RescoreRunEntity, type VigilConfig } from '@vigil/data';
import { CONFIG, REDIS } from '../common/tokens.js';
import { queueRun } from '../queue/queue-run.js';

/** Longest period one rescore may cover. */
const MAX_DAYS = 366;

function toRun(e: RescoreRunEntity): RescoreRun {
  return {
    id: e.id,
    from: e.fromAt.toISOString(),
    to: e.toAt.toISOString(),
    status: e.status,
    total: e.total,
    done: e.done,
    configVersion: e.configVersion,
    error: e.error,
    requestedBy: e.requestedBy,
    createdAt: e.createdAt.toISOString(),
    finishedAt: e.finishedAt?.toISOString() ?? null,
  };
}

/** Rescoring a period in the background, after the taxonomy or scorecard changed. */
@Injectable()
export class RescoreService {
  private readonly queue: Queue<RescoreJob>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(CONFIG) config: VigilConfig,
  ) {
    this.queue = new Queue<RescoreJob>(QueueName.Rescore, { connection: redis, prefix: config.queuePrefix });
    this.queue.on('error', () => undefined);
  }

  private get runs() {
    return this.dataSource.getRepository(RescoreRunEntity);
  }

  async start(from: Date, to: Date, requestedBy: string): Promise<RescoreRun> {
    if (!(to > from)) {
      throw new BadRequestException({
        message: '"to" must be after "from"',
        errors: [{ field: 'to', message: 'must be after from' }],
      });
    }
    if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) {
      throw new BadRequestException({
        message: `At most ${MAX_DAYS} days per rescore`,
        errors: [{ field: 'to', message: 'period too long' }],
      });
    }
    const run = await this.runs.save({ fromAt: from, toAt: to, requestedBy });
    await queueRun(
      this.queue,
      run.id,
      { runId: run.id },
      { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true },
      (error) => this.runs.update(run.id, { status: 'failed', error, finishedAt: new Date() }),
    );
    return toRun(run);
  }

  async get(id: string): Promise<RescoreRun> {
    const run = await this.runs.findOneBy({ id });
    if (!run) throw new NotFoundException(`No rescore run ${id}`);
    return toRun(run);
  }

  async recent(): Promise<RescoreRun[]> {
    return (await this.runs.find({ order: { createdAt: 'DESC' }, take: 20 })).map(toRun);
  }
}
