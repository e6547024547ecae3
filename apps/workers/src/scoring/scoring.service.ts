import { ConversationStatus } from '@vigil/contracts';
import { scoreConversation } from '@vigil/engine';
import type { EngineConfigSource } from './engine-config.source';
import type { MetricsPublisher } from './metrics-publisher';
import {
  aggregateRollups,
  factsOfScores,
  type ScoredConversation,
  type ScoringRepository,
  type StoredConversation,
} from '@vigil/data';
import type { BatchOutcome } from './score-batcher';

export class ConversationNotFoundError extends Error {}

/** Scores a batch of stored conversations, writes the results and tells the API what changed. */
export class ScoringService {
  constructor(
    private readonly repository: ScoringRepository,
    private readonly engineConfig: EngineConfigSource,
    private readonly metrics: MetricsPublisher,
  ) {}

  async scoreBatch(ids: string[]): Promise<Map<string, BatchOutcome>> {
    const outcomes = new Map<string, BatchOutcome>();
    const [stored, { config }] = await Promise.all([this.repository.load(ids), this.engineConfig.current()]);
    const byId = new Map(stored.map((c) => [c.id, c]));
    const results: ScoredConversation[] = [];

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

    // Rollups count only conversations this transaction moved to "scored" (see markScored).
    const factsOf = new Map(results.map((r) => [r.id, r.facts]));
    let newlyScored: StoredConversation[] = [];
    await this.repository.markScored(results, (ids) => {
      newlyScored = [...ids].map((id) => ({ ...byId.get(id)!, ...factsOf.get(id)! }));
      return aggregateRollups(newlyScored);
    });
    await this.metrics.publish(newlyScored);
    return outcomes;
  }
}
