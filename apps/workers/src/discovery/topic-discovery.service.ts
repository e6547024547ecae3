import { DEFAULT_TOPICS_OPTIONS, type DiscoveredTopic, type DiscoverTopicsJob } from '@vigil/contracts';
import {
  toJsonb,
  type BackgroundRun,
  type BackgroundRunRepository,
  type ConversationRepository,
  type VigilConfig,
} from '@vigil/data';
import { candidateToTopic, discoverTopics, discoveryText } from '@vigil/engine';
import type { EngineConfigSource } from '../scoring/engine-config.source';

/** Runs kept for the settings page; older ones are deleted when a run finishes. */
const KEEP_RUNS = 50;

/**
 * Topic discovery over recent conversations: the scored ones to which no topic was assigned are
 * checked again against the taxonomy in force (a topic adopted since may explain them now), and the
 * rest are grouped into candidate topics that an admin can adopt on the settings page.
 */
export class TopicDiscoveryService {
  constructor(
    private readonly runs: BackgroundRunRepository,
    private readonly conversations: ConversationRepository,
    private readonly engineConfig: EngineConfigSource,
    private readonly settings: VigilConfig['discovery'],
  ) {}

  /** Run the discovery a job asks for; the scheduled job has no run yet and makes its own. */
  async run(job: DiscoverTopicsJob): Promise<string> {
    const now = Date.now();
    const run = job.runId
      ? await this.runs.find('topic-discovery', job.runId)
      : await this.runs.create(
          'topic-discovery',
          {
            from: new Date(now - this.settings.days * 86_400_000).toISOString(),
            to: new Date(now).toISOString(),
          },
          null,
        );
    if (!run) throw new Error(`topic discovery run ${job.runId} not found`);
    if (run.status === 'done') return run.id;

    try {
      await this.discover(run);
    } catch (error) {
      // Shown on the settings page; a retry of the job starts the run again.
      await this.runs.fail(run.id, error instanceof Error ? error.message : String(error));
      throw error;
    }
    await this.pruneOldRuns();
    return run.id;
  }

  private async discover(run: BackgroundRun<'topic-discovery'>): Promise<void> {
    this.engineConfig.invalidate(); // check the texts against the taxonomy as it is now
    const { version, config } = await this.engineConfig.current();
    await this.runs.start<'topic-discovery'>(run.id, { result: { configVersion: version } });

    // Only the customer's messages are read: they are what discovery groups. The agents' names are
    // read to leave them out ("thanks Ann" is not a topic).
    const rows = await this.conversations.findScoredWithoutTopic(
      new Date(run.params.from),
      new Date(run.params.to),
      this.settings.maxConversations,
    );
    const texts = rows
      .map((r) => ({ conversationId: r.id, text: discoveryText(r) }))
      .filter((t) => t.text.trim() !== '');
    const result = discoverTopics(texts, config.topics.taxonomy, {
      explainedThreshold: config.topics.options?.threshold ?? DEFAULT_TOPICS_OPTIONS.threshold,
    });
    const candidates: DiscoveredTopic[] = result.candidates.map((candidate) => {
      const { conversationIds: _members, ...kept } = candidate; // the examples say enough
      return { ...kept, suggestion: candidateToTopic(candidate), adopted: null };
    });
    const { considered, explained, unclustered } = result;
    await this.runs.finish(run.id, { result: toJsonb({ considered, explained, unclustered, candidates }) });
  }

  private pruneOldRuns(): Promise<void> {
    return this.runs.prune('topic-discovery', KEEP_RUNS);
  }
}
