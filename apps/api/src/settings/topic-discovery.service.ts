import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import {
  QueueName,
  topicsConfigSchema,
  type DiscoveredTopic,
  type DiscoverTopicsJob,
  type DiscoveryRun,
  type EngineConfigVersion,
  type TopicsConfig,
} from '@vigil/contracts';
import { TopicDiscoveryRunEntity, type VigilConfig } from '@vigil/data';
import { CONFIG, REDIS } from '../common/tokens.js';
import { queueRun } from '../queue/queue-run.js';
import { EngineConfigService } from './engine-config.service.js';

function toRun(e: TopicDiscoveryRunEntity): DiscoveryRun {
  return {
    id: e.id,
    status: e.status,
    from: e.fromAt.toISOString(),
    to: e.toAt.toISOString(),
    considered: e.considered,
    explained: e.explained,
    unclustered: e.unclustered,
    candidates: e.candidates,
    configVersion: e.configVersion,
    error: e.error,
    requestedBy: e.requestedBy,
    createdAt: e.createdAt.toISOString(),
    finishedAt: e.finishedAt?.toISOString() ?? null,
  };
}

/** `base`, or `base_2`, `base_3`… whichever the taxonomy does not have yet. */
function freeKey(base: string, taken: Set<string>): string {
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base.slice(0, 90)}_${n}`;
  return key;
}

/**
 * Topic discovery as admins see it: the candidates of the latest run, a run started on request (the
 * workers also run one on a schedule), and adopting a candidate into the taxonomy as a new version.
 */
@Injectable()
export class TopicDiscoveryService {
  private readonly queue: Queue<DiscoverTopicsJob>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly engineConfig: EngineConfigService,
    @Inject(REDIS) redis: Redis,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {
    this.queue = new Queue<DiscoverTopicsJob>(QueueName.DiscoverTopics, {
      connection: redis,
      prefix: config.queuePrefix,
    });
    this.queue.on('error', () => undefined);
  }

  private get runs() {
    return this.dataSource.getRepository(TopicDiscoveryRunEntity);
  }

  /** The newest finished run (its candidates) and, if newer, the run under way or failed. */
  async overview(): Promise<{ latest: DiscoveryRun | null; current: DiscoveryRun | null }> {
    const [latest] = await this.runs.find({
      where: { status: 'done' },
      order: { createdAt: 'DESC' },
      take: 1,
    });
    const [newest] = await this.runs.find({ order: { createdAt: 'DESC' }, take: 1 });
    return {
      latest: latest ? toRun(latest) : null,
      current: newest && newest.id !== latest?.id ? toRun(newest) : null,
    };
  }

  async get(id: string): Promise<DiscoveryRun> {
    const run = await this.runs.findOneBy({ id });
    if (!run) throw new NotFoundException(`No topic discovery run ${id}`);
    return toRun(run);
  }

  /** Discover over the conversations of the last `days` days, now. */
  async start(days: number | undefined, requestedBy: string): Promise<DiscoveryRun> {
    const to = new Date();
    const from = new Date(to.getTime() - (days ?? this.config.discovery.days) * 86_400_000);
    const run = await this.runs.save({ fromAt: from, toAt: to, requestedBy });
    await queueRun(
      this.queue,
      run.id,
      { runId: run.id },
      { attempts: 2, backoff: { type: 'fixed', delay: 5000 }, removeOnComplete: true },
      (error) => this.runs.update(run.id, { status: 'failed', error, finishedAt: new Date() }),
    );
    return toRun(run);
  }

  /**
   * Add a candidate's suggested topic to the taxonomy as a new configuration version, and mark the
   * candidate adopted in the same transaction, so adopting twice (a double click, two admins) adds
   * the topic once.
   */
  async adopt(runId: string, candidateId: string, by: string): Promise<EngineConfigVersion> {
    const run = await this.get(runId);
    const candidate = run.candidates.find((c) => c.id === candidateId);
    if (!candidate) throw new NotFoundException(`No candidate ${candidateId} in run ${runId}`);
    if (candidate.adopted) throw this.alreadyAdopted(candidate);

    let key = candidate.suggestion.key;
    return this.engineConfig.save(
      (current) => {
        const topics = current.topics.taxonomy.topics;
        key = freeKey(candidate.suggestion.key, new Set(topics.map((t) => t.key)));
        const next = {
          ...current.topics,
          taxonomy: { ...current.topics.taxonomy, topics: [...topics, { ...candidate.suggestion, key }] },
        };
        const valid = topicsConfigSchema.safeParse(next);
        if (!valid.success) {
          throw new BadRequestException(
            `The taxonomy would be invalid with this topic: ${valid.error.issues[0]?.message ?? 'invalid'}`,
          );
        }
        return { ...current, topics: next as TopicsConfig };
      },
      by,
      `adopted the discovered topic "${candidate.suggestion.label}"`,
      async (tx, saved) => {
        const [row]: Array<{ candidates: DiscoveredTopic[] }> = await tx.query(
          `SELECT candidates FROM topic_discovery_run WHERE id = $1 FOR UPDATE`,
          [runId],
        );
        const candidates = row?.candidates ?? [];
        const stored = candidates.find((c) => c.id === candidateId);
        if (!stored) throw new NotFoundException(`No candidate ${candidateId} in run ${runId}`);
        if (stored.adopted) throw this.alreadyAdopted(stored);
        stored.adopted = { key, version: saved.version, by };
        await tx.query(`UPDATE topic_discovery_run SET candidates = $2::jsonb WHERE id = $1`, [
          runId,
          JSON.stringify(candidates),
        ]);
      },
    );
  }

  private alreadyAdopted(c: DiscoveredTopic): ConflictException {
    return new ConflictException(
      `"${c.suggestion.label}" was already adopted as topic "${c.adopted?.key}" in version ${c.adopted?.version}`,
    );
  }
}
