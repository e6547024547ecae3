import type { Redis } from 'ioredis';
import { REDIS_CHANNELS, bucketStart, type MetricsChangedMessage } from '@vigil/core';
import { scoreConversation } from '../analyzers/engine';
import { aggregateRollups } from './rollup';
import type { BatchOutcome } from './score-batcher';
import type { ScoredConversation, ScoringRepository, StoredConversation } from './scoring.repository';

export class ConversationNotFoundError extends Error {}

/** Scores a batch of stored conversations, writes the results and tells the API what changed. */
export class ScoringService {
  constructor(
    private readonly repository: ScoringRepository,
    private readonly publisher: Redis,
    private readonly channelPrefix: string,
  ) {}

  async scoreBatch(ids: string[]): Promise<Map<string, BatchOutcome>> {
    const outcomes = new Map<string, BatchOutcome>();
    const stored = await this.repository.load(ids);
    const byId = new Map(stored.map((c) => [c.id, c]));
    const results: ScoredConversation[] = [];

    for (const id of ids) {
      const conversation = byId.get(id);
      if (!conversation) {
        outcomes.set(id, { ok: false, error: new ConversationNotFoundError(`conversation ${id} not found`) });
      } else if (conversation.status === 'scored') {
        outcomes.set(id, { ok: true }); // already done: scoring is idempotent
      } else {
        try {
          const scores = scoreConversation(conversation.content);
          results.push({ id, scores, customerSentiment: scores.sentiment?.result.customer.overall ?? null });
          outcomes.set(id, { ok: true });
        } catch (error) {
          outcomes.set(id, { ok: false, error: error as Error });
        }
      }
    }

    // Rollups count only conversations this transaction moved to "scored" (see saveScores).
    const sentimentOf = new Map(results.map((r) => [r.id, r.customerSentiment]));
    let newlyScored: StoredConversation[] = [];
    await this.repository.saveScores(results, (ids) => {
      newlyScored = [...ids].map((id) => ({
        ...byId.get(id)!,
        customerSentiment: sentimentOf.get(id) ?? null,
      }));
      return aggregateRollups(newlyScored);
    });
    if (newlyScored.length > 0) await this.publishChange(newlyScored);
    return outcomes;
  }

  private async publishChange(scored: StoredConversation[]): Promise<void> {
    const message: MetricsChangedMessage = {
      scoredIds: scored.map((c) => c.id),
      minutes: [...new Set(scored.map((c) => bucketStart(c.endedAt, 'minute').toISOString()))],
      teams: [...new Set(scored.map((c) => c.team).filter((t): t is string => !!t))],
      channels: [...new Set(scored.map((c) => c.channel))],
    };
    await this.publisher.publish(
      `${this.channelPrefix}:${REDIS_CHANNELS.metricsChanged}`,
      JSON.stringify(message),
    );
  }
}
