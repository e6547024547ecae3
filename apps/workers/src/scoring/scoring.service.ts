import { ConversationStatus, type EngineConfig } from '@vigil/contracts';
import {
  aggregateRollups,
  type ScoredConversation,
  type ScoringRepository,
  type StoredConversation,
} from '@vigil/data';
import { factsOfScores, scoreConversation } from '@vigil/engine';
import type { CampaignService } from './campaigns.service';
import type { EngineConfigSource } from './engine-config.source';
import type { FlagsPublisher } from './flags-publisher';
import type { MetricsPublisher } from './metrics-publisher';
import type { OutliersService } from './outliers.service';
import type { StageTimings } from './stage-timings';

export class ConversationNotFoundError extends Error {}

/** What became of one conversation of a batch: scored (or scored before), or its error. */
export interface BatchOutcome {
  ok: boolean;
  error?: Error;
}

/** Scores a batch of stored conversations, writes the results and tells the API what changed. */
export class ScoringService {
  constructor(
    private readonly repository: ScoringRepository,
    private readonly engineConfig: EngineConfigSource,
    private readonly metrics: MetricsPublisher,
    private readonly flags: FlagsPublisher,
    /** When set (LOG_LEVEL=debug), each stage of each batch is timed. */
    private readonly timings?: StageTimings,
    /** When set, newly scored conversations are indexed and queued for the campaigns tick. */
    private readonly campaigns?: CampaignService,
    /** Outliers against each conversation's team and channel, after the batch is saved. */
    private readonly outliers?: OutliersService,
  ) {}

  private time<T>(stage: Parameters<StageTimings['time']>[0], fn: () => Promise<T> | T): Promise<T> {
    return this.timings ? this.timings.time(stage, fn) : Promise.resolve(fn());
  }

  async scoreBatch(ids: string[]): Promise<Map<string, BatchOutcome>> {
    const outcomes = new Map<string, BatchOutcome>();
    this.timings?.batch(ids.length);
    const [stored, { config }] = await this.time('load', () =>
      Promise.all([this.repository.load(ids), this.engineConfig.current()]),
    );
    const byId = new Map(stored.map((c) => [c.id, c]));
    const results: ScoredConversation[] = [];

    await this.time('score', () => this.scoreAll(ids, byId, config, outcomes, results));
    // Only the per-conversation part of campaign detection runs here: the signature and bands,
    // saved with the scores. Deciding campaigns reads across conversations: the campaigns tick does it.
    const campaignRows = this.campaigns
      ? await this.time('campaigns', () => this.campaigns!.indexRowsOf(results.map((r) => byId.get(r.id)!)))
      : undefined;

    // Rollups count only conversations this transaction moved to "scored" (see markScored).
    const factsOf = new Map(results.map((r) => [r.id, r.facts]));
    let newlyScored: StoredConversation[] = [];
    const { raised } = await this.time('save', () =>
      this.repository.markScored(
        results,
        (ids) => {
          newlyScored = [...ids].map((id) => ({ ...byId.get(id)!, ...factsOf.get(id)! }));
          return aggregateRollups(newlyScored);
        },
        campaignRows,
      ),
    );
    await this.time('publish', () =>
      Promise.all([this.metrics.publish(newlyScored), this.flags.publish(raised)]),
    );
    if (this.outliers && newlyScored.length) {
      // The scores are saved: a failure here is logged, not a reason to score the batch again.
      await this.time('outliers', () => this.outliers!.record(newlyScored)).catch((error: Error) =>
        console.error(`outliers: ${error.message}`),
      );
    }
    return outcomes;
  }

  private scoreAll(
    ids: string[],
    byId: Map<string, StoredConversation>,
    config: EngineConfig,
    outcomes: Map<string, BatchOutcome>,
    results: ScoredConversation[],
  ): void {
    for (const id of ids) {
      const conversation = byId.get(id);
      if (!conversation) {
        outcomes.set(id, { ok: false, error: new ConversationNotFoundError(`conversation ${id} not found`) });
      } else if (conversation.status === ConversationStatus.Scored) {
        outcomes.set(id, { ok: true }); // already done: scoring is idempotent
      } else {
        try {
          const scores = scoreConversation(conversation.content, config);
          results.push({ id, scores, facts: factsOfScores(scores) });
          outcomes.set(id, { ok: true });
        } catch (error) {
          outcomes.set(id, { ok: false, error: error as Error });
        }
      }
    }
  }
}
