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

const STORED_COLUMNS =
  'id, status, content, ended_at, team, channel, agent_ids, message_count, customer_sentiment';

function toStored(r: Record<string, unknown>): StoredConversation {
  return {
    id: r.id as string,
    status: r.status as string,
    content: r.content as Conversation,
    endedAt: r.ended_at as Date,
    team: r.team as string | null,
    channel: r.channel as string,
    agentIds: r.agent_ids as string[],
    messageCount: r.message_count as number,
    customerSentiment: r.customer_sentiment as number | null,
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * JSON that Postgres' jsonb accepts. JSON.stringify writes a lone UTF-16 surrogate (an emoji cut in
 * half, e.g. by a quote truncated to 80 characters) as `\udXXX`, which jsonb rejects — and one such
 * output fails the whole batch's transaction. Rare, so only then is it serialised again, replacing
 * lone surrogates with U+FFFD.
 */
export function toJsonb(value: unknown): string {
  const json = JSON.stringify(value);
  if (!/\\u[dD][89a-fA-F]/.test(json)) return json;
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' ? v.replace(LONE_SURROGATE, '\uFFFD') : v,
  );
}

/** The workers' queries: read a batch of conversations, write a batch of results with its rollups. */
export class ScoringRepository {
  constructor(private readonly dataSource: DataSource) {}

  async load(ids: string[]): Promise<StoredConversation[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${STORED_COLUMNS} FROM conversation WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(toStored);
  }

  /** Scored conversations that ended in [from, to), in pages ordered by (ended_at, id). */
  async loadScoredPage(
    from: Date,
    to: Date,
    after: { endedAt: Date; id: string } | null,
    limit: number,
  ): Promise<StoredConversation[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${STORED_COLUMNS} FROM conversation
        WHERE status = 'scored' AND ended_at >= $1 AND ended_at < $2
          AND ($3::timestamptz IS NULL OR (ended_at, id) > ($3::timestamptz, $4::uuid))
        ORDER BY ended_at, id LIMIT $5`,
      [from, to, after?.endedAt ?? null, after?.id ?? null, limit],
    );
    return rows.map(toStored);
  }

  async countScored(from: Date, to: Date): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM conversation WHERE status = 'scored' AND ended_at >= $1 AND ended_at < $2`,
      [from, to],
    );
    return count;
  }

  /**
   * Replace the results of conversations scored before, and move the rollups by the difference
   * between their old and new facts, in one transaction.
   */
  async saveRescores(results: ScoredConversation[], rollups: RollupRow[]): Promise<void> {
    if (results.length === 0) return;
    await this.dataSource.transaction(async (tx) => {
      await this.upsertAnalyses(tx, results);
      await tx.query(
        `UPDATE conversation c SET customer_sentiment = v.sentiment
           FROM unnest($1::uuid[], $2::float8[]) AS v(id, sentiment) WHERE c.id = v.id`,
        [results.map((r) => r.id), results.map((r) => r.customerSentiment)],
      );
      await this.upsertRollups(tx, rollups);
    });
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
        outputs.push(toJsonb(output));
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
