import { createHmac } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  ConversationStatus as Status,
  DEFAULT_RETENTION,
  type DiscoveredTopic,
  type RetentionPolicy,
} from '@vigil/contracts';
import { RetentionPolicyEntity } from '../entities/retention-policy.entity';

export interface StoredRetentionPolicy {
  policy: RetentionPolicy;
  /** Null while the periods are the shipped defaults. */
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** A table that refers to conversations, and its column that does. */
export interface ConversationDependent {
  table: string;
  column: string;
  /** The table has an `evidence` jsonb column (a flag's quotes of the conversation). */
  hasEvidence?: boolean;
}

/**
 * The tables that refer to conversations, by the retention class that expires them: the analyses
 * with the scores, tables named `flag…` (the review queue's flags; their comments and history hang
 * off a flag and go with it) with the flags, and any other (kept originals of masked text, say) with
 * the text — what a new table holds is not known here, so it goes with the earliest class that
 * holds personal data.
 */
export interface ConversationDependents {
  scores: ConversationDependent[];
  flags: ConversationDependent[];
  text: ConversationDependent[];
}

const SCORES_TABLES = new Set(['conversation_analysis']);
const isFlagTable = (table: string) => /^flags?(_|$)/.test(table);

const toPolicy = (e: RetentionPolicyEntity): StoredRetentionPolicy => ({
  policy: { text: e.textDays, scores: e.scoresDays, flags: e.flagsDays, audit: e.auditDays },
  updatedAt: e.updatedAt,
  updatedBy: e.updatedBy,
});

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The count of rows a data-modifying CTE named `changed` returned. */
const COUNT_CHANGED = `SELECT count(*)::int AS n FROM changed`;

/**
 * What stays of a conversation whose text expired: its shape (channel, times, team, agents, each
 * message's role, author and time, so the page and the counts still make sense) with every message
 * text emptied, and nothing of the customer — no customer object, no metadata but the CSAT score.
 */
const ANONYMISED_CONTENT = `jsonb_strip_nulls(jsonb_build_object(
    'externalId', c.content->'externalId', 'source', c.content->'source', 'channel', c.content->'channel',
    'language', c.content->'language', 'startedAt', c.content->'startedAt', 'endedAt', c.content->'endedAt',
    'team', c.content->'team', 'agents', c.content->'agents',
    'messages', coalesce((SELECT jsonb_agg(jsonb_build_object('role', m->'role', 'authorId', m->'authorId',
                                                              'at', m->'at', 'text', '') ORDER BY i)
                            FROM jsonb_array_elements(c.content->'messages') WITH ORDINALITY AS x(m, i)), '[]'::jsonb),
    'metadata', CASE WHEN jsonb_typeof(c.content->'metadata'->'csat') = 'number'
                     THEN jsonb_build_object('csat', c.content->'metadata'->'csat') ELSE '{}'::jsonb END))`;

/**
 * Retention and erasure: the periods in force, the batches the retention run expires, and the
 * erasure of a customer's conversations. Every batch is one short statement or transaction over at
 * most `limit` conversations, so expiring years of data never holds locks long; callers loop until a
 * batch finds nothing.
 */
export class RetentionRepository {
  private subjectKey: string | undefined;

  constructor(private readonly dataSource: DataSource) {}

  async policy(): Promise<StoredRetentionPolicy> {
    const row = await this.dataSource.getRepository(RetentionPolicyEntity).findOneBy({ id: 1 });
    // The migration makes the row; without it, the shipped defaults are what it would hold.
    return row ? toPolicy(row) : { policy: { ...DEFAULT_RETENTION }, updatedAt: null, updatedBy: null };
  }

  /** Store new periods; returns the ones they replaced. */
  async savePolicy(
    policy: RetentionPolicy,
    by: string,
  ): Promise<{ before: RetentionPolicy; saved: StoredRetentionPolicy }> {
    return this.dataSource.transaction(async (tx) => {
      const [before]: Array<Record<string, number | null>> = await tx.query(
        `SELECT text_days, scores_days, flags_days, audit_days FROM retention_policy WHERE id = 1 FOR UPDATE`,
      );
      const [row]: Array<{ updated_at: Date; updated_by: string }> = await tx.query(
        `INSERT INTO retention_policy (id, text_days, scores_days, flags_days, audit_days, updated_at, updated_by)
         VALUES (1, $1, $2, $3, $4, now(), $5)
         ON CONFLICT (id) DO UPDATE SET text_days = $1, scores_days = $2, flags_days = $3, audit_days = $4,
                                        updated_at = now(), updated_by = $5
         RETURNING updated_at, updated_by`,
        [policy.text, policy.scores, policy.flags, policy.audit, by],
      );
      return {
        before: before
          ? {
              text: before.text_days ?? null,
              scores: before.scores_days ?? null,
              flags: before.flags_days ?? null,
              audit: before.audit_days ?? null,
            }
          : { ...DEFAULT_RETENTION },
        saved: { policy, updatedAt: row!.updated_at, updatedBy: row!.updated_by },
      };
    });
  }

  /** Every table with a foreign key to conversation, by the class that expires it. */
  async dependents(): Promise<ConversationDependents> {
    const rows: ConversationDependent[] = await this.dataSource.query(
      `SELECT cl.relname AS "table", a.attname AS "column",
              EXISTS (SELECT 1 FROM pg_attribute e WHERE e.attrelid = k.conrelid AND e.attname = 'evidence'
                         AND e.atttypid = 'jsonb'::regtype AND NOT e.attisdropped) AS "hasEvidence"
         FROM pg_constraint k
         JOIN pg_class cl ON cl.oid = k.conrelid
         JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = current_schema()
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        WHERE k.contype = 'f' AND k.confrelid = 'conversation'::regclass AND cardinality(k.conkey) = 1
        ORDER BY 1, 2`,
    );
    return {
      scores: rows.filter((r) => SCORES_TABLES.has(r.table)),
      flags: rows.filter((r) => !SCORES_TABLES.has(r.table) && isFlagTable(r.table)),
      text: rows.filter((r) => !SCORES_TABLES.has(r.table) && !isFlagTable(r.table)),
    };
  }

  /**
   * Empty the text of up to `limit` conversations that ended before `endedBefore` (see
   * ANONYMISED_CONTENT), mark them expired, delete their rows in the tables that expire with the
   * text (`textDependents`) and empty the quotes in the evidence of the tables that outlive it
   * (`quoting`: the flags). One not scored yet never will be: it is marked failed, so the sweep
   * does not queue it again. Batches go in order of `ended_at`: `from` (the `last` of the batch
   * before) lets the next one start where that one ended, rather than walk past everything expired
   * already. Returns the conversations expired (0: nothing left) and the last one's `ended_at`.
   */
  async expireTextBatch(
    endedBefore: Date,
    limit: number,
    textDependents: ConversationDependent[],
    quoting: ConversationDependent[] = [],
    from: Date | null = null,
  ): Promise<{ conversations: number; last: Date | null }> {
    return this.dataSource.transaction(async (tx) => {
      const rows: Array<{ id: string; ended_at: Date }> = await tx
        .query(
          `WITH batch AS (
           SELECT id FROM conversation
            WHERE ended_at < $1 AND ($3::timestamptz IS NULL OR ended_at >= $3) AND text_expired_at IS NULL
            ORDER BY ended_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE conversation c
            SET content = ${ANONYMISED_CONTENT}, customer_id = NULL, text_expired_at = now(),
                status = CASE WHEN c.status IN ('${Status.Received}', '${Status.Queued}') THEN '${Status.Failed}' ELSE c.status END,
                error = CASE WHEN c.status IN ('${Status.Received}', '${Status.Queued}')
                             THEN 'its text expired (retention) before it was scored' ELSE c.error END
           FROM batch WHERE c.id = batch.id
         RETURNING c.id, c.ended_at`,
          [endedBefore, limit, from],
        )
        .then(rowsOf<{ id: string; ended_at: Date }>);
      const ids = rows.map((r) => r.id);
      for (const d of textDependents) await deleteReferring(tx, d, ids);
      // Flags outlive the text by default: their evidence keeps its place but loses its quote.
      for (const d of quoting.filter((q) => q.hasEvidence)) await emptyQuotes(tx, d, ids);
      return { conversations: ids.length, last: latest(rows) };
    });
  }

  /**
   * Delete the analyses (scores with their evidence) of up to `limit` conversations that ended
   * before `endedBefore`, and mark those conversations so (`scores_expired_at`). The summary facts on
   * the conversation row stay, as the rollups counted from them do. `from` as for expireTextBatch.
   * Returns the conversations, the rows deleted and the last conversation's `ended_at`.
   */
  async expireScoresBatch(
    endedBefore: Date,
    limit: number,
    scoreTables: ConversationDependent[],
    from: Date | null = null,
  ): Promise<{ conversations: number; rows: number; last: Date | null }> {
    return this.dataSource.transaction(async (tx) => {
      const marked: Array<{ id: string; ended_at: Date }> = await tx
        .query(
          `WITH batch AS (
           SELECT id FROM conversation
            WHERE ended_at < $1 AND ($3::timestamptz IS NULL OR ended_at >= $3) AND scores_expired_at IS NULL
            ORDER BY ended_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE conversation c SET scores_expired_at = now() FROM batch WHERE c.id = batch.id
         RETURNING c.id, c.ended_at`,
          [endedBefore, limit, from],
        )
        .then(rowsOf<{ id: string; ended_at: Date }>);
      const ids = marked.map((r) => r.id);
      let rows = 0;
      for (const d of scoreTables) rows += await deleteReferring(tx, d, ids);
      return { conversations: ids.length, rows, last: latest(marked) };
    });
  }

  /** Delete up to `limit` rows of a flags table whose conversation ended before `endedBefore`. */
  async expireFlagsBatch(endedBefore: Date, limit: number, table: ConversationDependent): Promise<number> {
    const n = countOf(
      await this.dataSource.query(
        `WITH changed AS (
         DELETE FROM ${quoted(table.table)} WHERE ctid = ANY(ARRAY(
           SELECT f.ctid FROM ${quoted(table.table)} f JOIN conversation c ON c.id = f.${quoted(table.column)}
            WHERE c.ended_at < $1 LIMIT $2))
         RETURNING 1)
       ${COUNT_CHANGED}`,
        [endedBefore, limit],
      ),
    );
    return n;
  }

  /**
   * Delete up to `limit` audit entries older than the audit period in force. The audit log's trigger
   * refuses every other delete: this transaction says it is the retention run (a transaction-local
   * setting), and the trigger itself checks each row against the period stored in retention_policy.
   */
  async expireAuditBatch(limit: number): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT set_config('vigil.audit_retention', 'on', true)`);
      const n = countOf(
        await tx.query(
          `WITH changed AS (
           DELETE FROM audit_log WHERE id = ANY(ARRAY(
             SELECT id FROM audit_log
              WHERE at < now() - make_interval(days => (SELECT audit_days FROM retention_policy WHERE id = 1))
              ORDER BY id LIMIT $1))
           RETURNING 1)
         ${COUNT_CHANGED}`,
          [limit],
        ),
      );
      return n;
    });
  }

  /**
   * Topic discovery keeps a few example requests per candidate, quoted from customers. Drop those
   * whose conversation is gone (erased) or whose text expired, with the suggested topic's example
   * made from each. Returns the examples dropped.
   */
  async forgetDiscoveryExamples(): Promise<number> {
    const runs: Array<{ id: string; result: { candidates?: DiscoveredTopic[] } }> =
      await this.dataSource.query(
        `SELECT id, result FROM background_run
        WHERE kind = 'topic-discovery' AND jsonb_typeof(result->'candidates') = 'array'`,
      );
    const ids = [
      ...new Set(
        runs.flatMap((r) =>
          (r.result.candidates ?? []).flatMap((c) => c.examples.map((e) => e.conversationId)),
        ),
      ),
    ];
    if (ids.length === 0) return 0;
    const kept: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id::text AS id FROM conversation WHERE id::text = ANY($1::text[]) AND text_expired_at IS NULL`,
      [ids],
    );
    const keep = new Set(kept.map((k) => k.id));
    let dropped = 0;
    for (const run of runs) {
      if ((run.result.candidates ?? []).every((c) => c.examples.every((e) => keep.has(e.conversationId))))
        continue;
      await this.dataSource.transaction(async (tx) => {
        const [row]: Array<{ result: { candidates?: DiscoveredTopic[] } }> = await tx.query(
          `SELECT result FROM background_run WHERE id = $1 FOR UPDATE`,
          [run.id],
        );
        if (!row) return;
        const candidates = (row.result.candidates ?? []).map((c) => {
          const stays = c.examples.map((e) => keep.has(e.conversationId));
          dropped += stays.filter((s) => !s).length;
          return {
            ...c,
            examples: c.examples.filter((_, i) => stays[i]),
            // The suggestion's examples are the candidate's, masked, in the same order.
            suggestion: {
              ...c.suggestion,
              examples: c.suggestion.examples.filter((_, i) => stays[i] ?? true),
            },
          };
        });
        await tx.query(
          `UPDATE background_run SET result = jsonb_set(result, '{candidates}', $2::jsonb) WHERE id = $1`,
          [run.id, JSON.stringify(candidates)],
        );
      });
    }
    return dropped;
  }

  /**
   * The keyed hash that names a customer in the records of an erasure: HMAC-SHA-256 of their id with
   * this installation's key (made by the migration, never shown). The same id always gives the same
   * hash, so an erasure can be looked up by id, and the hash alone does not give the id back.
   */
  async subjectOf(customerId: string): Promise<string> {
    if (!this.subjectKey) {
      const [row]: Array<{ value: string }> = await this.dataSource.query(
        `SELECT value FROM instance_secret WHERE name = 'erasure-subject'`,
      );
      if (!row) throw new Error('the erasure key is missing (instance_secret "erasure-subject")');
      this.subjectKey = row.value;
    }
    return createHmac('sha256', this.subjectKey).update(customerId, 'utf8').digest('hex');
  }

  async countCustomerConversations(customerId: string): Promise<number> {
    const n = countOf(
      await this.dataSource.query(`SELECT count(*)::int AS n FROM conversation WHERE customer_id = $1`, [
        customerId,
      ]),
    );
    return n;
  }

  /** Up to `limit` ids of the customer's conversations. */
  async customerConversations(customerId: string, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM conversation WHERE customer_id = $1 LIMIT $2`,
      [customerId, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Delete conversations with everything that refers to them (the foreign keys cascade), in one
   * transaction. Returns the rows deleted per table, counted before the delete.
   */
  async eraseConversations(
    ids: string[],
    dependents: ConversationDependent[],
  ): Promise<Record<string, number>> {
    if (ids.length === 0) return {};
    return this.dataSource.transaction(async (tx) => {
      const removed: Record<string, number> = {};
      for (const d of dependents) {
        const n = countOf(
          await tx.query(
            `SELECT count(*)::int AS n FROM ${quoted(d.table)} WHERE ${quoted(d.column)} = ANY($1::uuid[])`,
            [ids],
          ),
        );
        removed[d.table] = (removed[d.table] ?? 0) + n;
      }
      const n = countOf(
        await tx.query(
          `WITH changed AS (DELETE FROM conversation WHERE id = ANY($1::uuid[]) RETURNING 1) ${COUNT_CHANGED}`,
          [ids],
        ),
      );
      removed.conversation = n;
      return removed;
    });
  }
}

/** The latest `ended_at` of a batch, null for none. */
function latest(rows: Array<{ ended_at: Date }>): Date | null {
  let last: Date | null = null;
  for (const r of rows) if (!last || r.ended_at > last) last = r.ended_at;
  return last;
}

/** The `n` of a `SELECT count(*)::int AS n`. */
function countOf(rows: unknown): number {
  return (rows as Array<{ n: number }>)[0]?.n ?? 0;
}

/** TypeORM answers an UPDATE/DELETE … RETURNING with [rows, count], a SELECT with rows. */
function rowsOf<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number' ? r[0] : r) as T[];
}

/** Empty the `quote` of every piece of evidence in the rows of `d` that refer to one of `ids`. */
async function emptyQuotes(tx: EntityManager, d: ConversationDependent, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(
    `UPDATE ${quoted(d.table)}
        SET evidence = (SELECT coalesce(jsonb_agg(CASE WHEN jsonb_typeof(e) = 'object' AND e ? 'quote'
                                                       THEN jsonb_set(e, '{quote}', '""') ELSE e END ORDER BY i), '[]'::jsonb)
                          FROM jsonb_array_elements(evidence) WITH ORDINALITY AS x(e, i))
      WHERE ${quoted(d.column)} = ANY($1::uuid[]) AND jsonb_typeof(evidence) = 'array'`,
    [ids],
  );
}

/** Delete the rows of `d` that refer to one of `ids`; returns how many. */
async function deleteReferring(tx: EntityManager, d: ConversationDependent, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const n = countOf(
    await tx.query(
      `WITH changed AS (DELETE FROM ${quoted(d.table)} WHERE ${quoted(d.column)} = ANY($1::uuid[]) RETURNING 1)
     ${COUNT_CHANGED}`,
      [ids],
    ),
  );
  return n;
}
