import type { DataSource } from 'typeorm';
import {
  DEFAULT_TOPICS_OPTIONS,
  type Conversation,
  type DiscoveredTopic,
  type DiscoverTopicsJob,
} from '@vigil/core';
import { TopicDiscoveryRunEntity, type VigilConfig } from '@vigil/core/server';
import { candidateToTopic, discoverTopics, discoveryText } from '../analyzers/topics';
import type { EngineConfigSource } from '../scoring/engine-config.source';
import { toJsonb } from '../scoring/scoring.repository';

/** Runs kept for the settings page; older ones are deleted when a run finishes. */
const KEEP_RUNS = 50;

/**
 * Topic discovery over recent conversations: the scored ones to which no topic was assigned are
 * checked again against the taxonomy in force (a topic adopted since may explain them now), and the
 * rest are grouped into candidate topics that an admin can adopt on the settings page.
 */
export class TopicDiscoveryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engineConfig: EngineConfigSource,
    private readonly settings: VigilConfig['discovery'],
  ) {}

  private get runs() {
    return this.dataSource.getRepository(TopicDiscoveryRunEntity);
  }

  /** Run the discovery a job asks for; the scheduled job has no run yet and makes its own. */
  async run(job: DiscoverTopicsJob): Promise<string> {
    const run = job.runId
      ? await this.runs.findOneBy({ id: job.runId })
      : await this.runs.save({
          fromAt: new Date(Date.now() - this.settings.days * 86_400_000),
          toAt: new Date(),
          requestedBy: null,
        });
    if (!run) throw new Error(`topic discovery run ${job.runId} not found`);
    if (run.status === 'done') return run.id;

    try {
      await this.discover(run);
    } catch (error) {
      // Shown on the settings page; a retry of the job starts the run again.
      const message = error instanceof Error ? error.message : String(error);
      await this.runs.update(run.id, {
        status: 'failed',
        error: message.slice(0, 2000),
        finishedAt: new Date(),
      });
      throw error;
    }
    await this.pruneOldRuns();
    return run.id;
  }

  private async discover(run: TopicDiscoveryRunEntity): Promise<void> {
    this.engineConfig.invalidate(); // check the texts against the taxonomy as it is now
    const { version, config } = await this.engineConfig.current();
    await this.runs.update(run.id, { status: 'running', configVersion: version, error: null });

    // Only the customer's messages are read: they are what discovery groups. The agents' names are
    // read to leave them out ("thanks Ann" is not a topic).
    const rows: Array<{ id: string; messages: Conversation['messages']; agents: Conversation['agents'] }> =
      await this.dataSource.query(
        `SELECT id, jsonb_path_query_array(content, '$.messages[*] ? (@.role == "customer")') AS messages,
              coalesce(content->'agents', '[]'::jsonb) AS agents
         FROM conversation
        WHERE status = 'scored' AND topic_keys = '{}' AND ended_at >= $1 AND ended_at < $2
        ORDER BY ended_at DESC, id
        LIMIT $3`,
        [run.fromAt, run.toAt, this.settings.maxConversations],
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
    await this.dataSource.query(
      `UPDATE topic_discovery_run
          SET status = 'done', considered = $2, explained = $3, unclustered = $4, candidates = $5::jsonb,
              finished_at = now()
        WHERE id = $1`,
      [run.id, result.considered, result.explained, result.unclustered, toJsonb(candidates)],
    );
  }

  private async pruneOldRuns(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM topic_discovery_run WHERE id IN (
         SELECT id FROM topic_discovery_run ORDER BY created_at DESC OFFSET $1)`,
      [KEEP_RUNS],
    );
  }
}
