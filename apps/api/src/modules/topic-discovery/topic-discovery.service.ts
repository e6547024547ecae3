import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import {
  QueueName,
  topicsConfigSchema,
  type DiscoveredTopic,
  type DiscoveryRun,
  type EngineConfigVersion,
  type TopicsConfig,
} from '@vigil/contracts';
import { BackgroundRunRepository, type BackgroundRun, type VigilConfig } from '@vigil/data';
import { BackgroundRunsService } from '../../common/background-runs.service.js';
import { CONFIG } from '../../common/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import type { Requester } from '../audit/requester.js';
import { actorOf } from '../auth/principal.js';
import { EngineConfigService } from '../engine-config/engine-config.service.js';

function toRun(r: BackgroundRun<'topic-discovery'>): DiscoveryRun {
  return {
    id: r.id,
    status: r.status,
    from: new Date(r.params.from).toISOString(),
    to: new Date(r.params.to).toISOString(),
    considered: r.result.considered ?? 0,
    explained: r.result.explained ?? 0,
    unclustered: r.result.unclustered ?? 0,
    candidates: r.result.candidates ?? [],
    configVersion: r.result.configVersion ?? null,
    error: r.error,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
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
  constructor(
    private readonly runs: BackgroundRunsService,
    private readonly runRepository: BackgroundRunRepository,
    private readonly engineConfig: EngineConfigService,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {}

  /** The newest finished run (its candidates) and, if newer, the run under way or failed. */
  async overview(): Promise<{ latest: DiscoveryRun | null; current: DiscoveryRun | null }> {
    const [latest] = await this.runs.recent('topic-discovery', 1, 'done');
    const [newest] = await this.runs.recent('topic-discovery', 1);
    return {
      latest: latest ? toRun(latest) : null,
      current: newest && newest.id !== latest?.id ? toRun(newest) : null,
    };
  }

  async get(id: string): Promise<DiscoveryRun> {
    const run = await this.runs.find('topic-discovery', id);
    if (!run) throw new NotFoundException(`No topic discovery run ${id}`);
    return toRun(run);
  }

  /** Discover over the conversations of the last `days` days, now. */
  async start(days: number | undefined, by: Requester): Promise<DiscoveryRun> {
    const to = new Date();
    const from = new Date(to.getTime() - (days ?? this.config.discovery.days) * 86_400_000);
    const period = { from: from.toISOString(), to: to.toISOString() };
    const run = await this.runs.start(
      'topic-discovery',
      QueueName.DiscoverTopics,
      period,
      actorOf(by.principal),
    );
    await this.audit.record('discovery.started', by, {
      target: `topic-discovery:${run.id}`,
      details: period,
    });
    return toRun(run);
  }

  /**
   * Add a candidate's suggested topic to the taxonomy as a new configuration version, and mark the
   * candidate adopted in the same transaction, so adopting twice (a double click, two admins) adds
   * the topic once.
   */
  async adopt(runId: string, candidateId: string, by: Requester): Promise<EngineConfigVersion> {
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
      { setting: 'topics', note: `adopted the discovered topic "${candidate.suggestion.label}"` },
      async (tx, saved) => {
        await this.runRepository.updateResult(tx, 'topic-discovery', runId, (result) => {
          const candidates = result.candidates ?? [];
          const stored = candidates.find((c) => c.id === candidateId);
          if (!stored) throw new NotFoundException(`No candidate ${candidateId} in run ${runId}`);
          if (stored.adopted) throw this.alreadyAdopted(stored);
          stored.adopted = { key, version: saved.version, by: actorOf(by.principal) };
          return { ...result, candidates };
        });
      },
    );
  }

  private alreadyAdopted(c: DiscoveredTopic): ConflictException {
    return new ConflictException(
      `"${c.suggestion.label}" was already adopted as topic "${c.adopted?.key}" in version ${c.adopted?.version}`,
    );
  }
}
