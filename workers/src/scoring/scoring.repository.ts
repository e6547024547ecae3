import type { DataSource, EntityManager } from 'typeorm';
import type { Conversation, ConversationScores } from '@vigil/core';
import type { RollupRow, ScoredFacts } from './rollup';

export interface StoredConversation extends ScoredFacts {
  id: string;
  status: string;
  content: Conversation;
}

export interface ScoredConversation {
  id: string;
  scores: ConversationScores;
  customerSentiment: number | null;
}

/** The workers' queries: read a batch of conversations, write a batch of results with its rollups. */
export class ScoringRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(ids: string[]): Promise<StoredConversation[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, status, content, ended_at, team, channel, agent_ids, message_count
         FROM conversation WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((r) => ({
      id: r.id as string,
      status: r.status as string,
      content: r.content as Conversation,
      endedAt: r.ended_at as Date,
      team: r.team as string | null,
      channel: r.channel as string,
      agentIds: r.agent_ids as string[],
      messageCount: r.message_count as number,
      customerSentiment: null,
    }));
  }

  /**
   * Store results and mark the conversations scored, in one transaction. Returns the ids that were
   * not scored before: only those may count in the rollups, so scoring twice counts once.
   */
  async saveScores(
    results: ScoredConversation[],
    rollupsFor: (newlyScored: Set<string>) => RollupRow[],
  ): Promise<Set<string>> {
    if (results.length === 0) return new Set();
    return this.dataSource.transaction(async (tx) => {
      // TypeORM answers an UPDATE with [rows, rowCount].
      const [updated]: [Array<{ id: string }>, number] = await tx.query(
        `UPDATE conversation c
            SET status = 'scored', scored_at = now(), error = NULL, attempts = c.attempts + 1,
                customer_sentiment = v.sentiment
           FROM unnest($1::uuid[], $2::float8[]) AS v(id, sentiment)
          WHERE c.id = v.id AND c.status <> 'scored'
      RETURNING c.id`,
        [results.map((r) => r.id), results.map((r) => r.customerSentiment)],
      );
      const newlyScored = new Set(updated.map((u) => u.id));
      await this.upsertAnalyses(
        tx,
        results.filter((r) => newlyScored.has(r.id)),
      );
      await this.upsertRollups(tx, rollupsFor(newlyScored));
      return newlyScored;
    });
  }

  private async upsertAnalyses(tx: EntityManager, results: ScoredConversation[]): Promise<void> {
    const ids: string[] = [];
    const analyzers: string[] = [];
    const versions: string[] = [];
    const outputs: string[] = [];
    for (const r of results) {
      for (const output of Object.values(r.scores)) {
        if (!output) continue;
        ids.push(r.id);
        analyzers.push(output.analyzer);
        versions.push(output.version);
        outputs.push(JSON.stringify(output));
      }
    }
    if (ids.length === 0) return;
    await tx.query(
      `INSERT INTO conversation_analysis (conversation_id, analyzer, version, output)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::jsonb[])
       ON CONFLICT (conversation_id, analyzer)
       DO UPDATE SET version = excluded.version, output = excluded.output, scored_at = now()`,
      [ids, analyzers, versions, outputs],
    );
  }

  private async upsertRollups(tx: EntityManager, rows: RollupRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO rollup (granularity, dimension, value, bucket, conversations, sentiment_count,
                           sentiment_sum, negative, messages)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::timestamptz[], $5::int[],
                            $6::int[], $7::float8[], $8::int[], $9::int[])
       ON CONFLICT (granularity, dimension, value, bucket) DO UPDATE SET
         conversations = rollup.conversations + excluded.conversations,
         sentiment_count = rollup.sentiment_count + excluded.sentiment_count,
         sentiment_sum = rollup.sentiment_sum + excluded.sentiment_sum,
         negative = rollup.negative + excluded.negative,
         messages = rollup.messages + excluded.messages`,
      [
        rows.map((r) => r.granularity),
        rows.map((r) => r.dimension),
        rows.map((r) => r.value),
        rows.map((r) => r.bucket),
        rows.map((r) => r.conversations),
        rows.map((r) => r.sentimentCount),
        rows.map((r) => r.sentimentSum),
        rows.map((r) => r.negative),
        rows.map((r) => r.messages),
      ],
    );
  }

  /** A failed attempt: keep the error visible; the last attempt marks the conversation failed. */
  async recordFailure(id: string, error: string, attempts: number, final: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE conversation SET error = $2, attempts = $3, status = CASE WHEN $4 THEN 'failed' ELSE status END
        WHERE id = $1 AND status <> 'scored'`,
      [id, error.slice(0, 2000), attempts, final],
    );
  }
}
