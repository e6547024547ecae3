import type { DataSource } from 'typeorm';
import type {
  Conversation,
  ConversationDetail,
  ConversationListQuery,
  ConversationStatus,
  ConversationSummary,
  IngestAccepted,
  Page,
} from '@vigil/contracts';
import {
  ConversationStatus as Status,
  LIST_QA_OUTCOMES,
  NEGATIVE_SENTIMENT_THRESHOLD,
  OUTLIER_SIGNAL_KINDS,
  qaOutcomeKey,
} from '@vigil/contracts';
import type { ScoredFacts } from '../rollups/rollup';
import { signalsOfConversationSql } from '../signals/conversation-signals';
import { fromStoredScores } from './stored-scores';

/** Positive sentiment starts where negative ends, mirrored. */
const POSITIVE_SENTIMENT_THRESHOLD = -NEGATIVE_SENTIMENT_THRESHOLD;

const SUMMARY_COLUMNS = `id, external_id, source, channel, team, agent_ids, started_at, ended_at, message_count,
  status, customer_sentiment, qa_score, topic_keys, content->'agents' AS agents`;

function toSummary(r: Record<string, any>): ConversationSummary {
  return {
    id: r.id,
    externalId: r.external_id,
    source: r.source,
    channel: r.channel,
    team: r.team,
    agentIds: r.agent_ids,
    agents: r.agents ?? [],
    startedAt: new Date(r.started_at).toISOString(),
    endedAt: new Date(r.ended_at).toISOString(),
    messageCount: r.message_count,
    status: r.status,
    customerSentiment: r.customer_sentiment,
    qaScore: r.qa_score,
    topics: r.topic_keys,
  };
}

/** Original message texts encrypted with AES-256-GCM (the API seals and opens them; see conversation_original). */
export interface SealedOriginal {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

export interface StoredIngest extends IngestAccepted {
  status: ConversationStatus;
}

/** A conversation waiting for its score job, as the queue side sees it. */
export interface QueueState {
  id: string;
  status: ConversationStatus;
}

/** The advisory lock that lets one API instance sweep at a time. */
const SWEEP_LOCK = 7712002;

/**
 * The conversation lifecycle as the API drives it (the workers' side is ScoringRepository, in this
 * folder): `storeBatch` stores new conversations as queued; `markQueued` / `markReceived` keep the
 * status true to whether their job reached Redis; `findUnqueued` is the sweep that finds what waits
 * too long. Plus the reads of the conversations list and detail.
 */
export class ConversationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A conversation's original texts as kept (sealed), with what they are bound to; null if none. */
  async findOriginal(
    id: string,
  ): Promise<{ source: string; externalId: string; sealed: SealedOriginal } | null> {
    const rows: Array<{ source: string; external_id: string; iv: Buffer; tag: Buffer; ciphertext: Buffer }> =
      await this.dataSource.query(
        `SELECT c.source, c.external_id, o.iv, o.tag, o.ciphertext
           FROM conversation_original o JOIN conversation c ON c.id = o.conversation_id
          WHERE o.conversation_id = $1`,
        [id],
      );
    const r = rows[0];
    return r
      ? {
          source: r.source,
          externalId: r.external_id,
          sealed: { iv: r.iv, tag: r.tag, ciphertext: r.ciphertext },
        }
      : null;
  }

  /**
   * Store a batch in one statement. (source, externalId) is the idempotency key: a conversation
   * posted again is not stored again; its existing id is returned with created = false.
   */
  async storeBatch(
    conversations: Conversation[],
    originals?: ReadonlyArray<SealedOriginal | null>,
  ): Promise<StoredIngest[]> {
    if (conversations.length === 0) return [];
    const col = <T>(fn: (c: Conversation) => T) => conversations.map(fn);
    const key = (source: string, externalId: string) => `${source}\u0000${externalId}`;
    // The originals go in with the conversations they belong to, in the same statement: a
    // conversation is never stored without the original its operator chose to keep. One per key.
    const kept = new Map<string, { source: string; externalId: string; sealed: SealedOriginal }>();
    originals?.forEach((sealed, i) => {
      const c = conversations[i]!;
      const k = key(c.source, c.externalId);
      if (sealed && !kept.has(k)) kept.set(k, { source: c.source, externalId: c.externalId, sealed });
    });
    const keep = [...kept.values()];
    // The contents travel as one JSON array beside arrays of the columns: a jsonb[] parameter would
    // make node-postgres escape each document into an array literal, a copy of every conversation.
    const inserted: Array<{ id: string; source: string; external_id: string }> = await this.dataSource.query(
      // Stored as queued: the caller queues them next and marks them received only if that fails.
      `${keep.length ? 'WITH inserted AS (' : ''}INSERT INTO conversation (source, external_id, channel, language, team, agent_ids, customer_id,
                                 started_at, ended_at, message_count, content, status, queued_at)
       SELECT v.source, v.external_id, v.channel, v.language, v.team,
              ARRAY(SELECT a->>'id' FROM jsonb_array_elements(o.content->'agents') AS a), v.customer_id,
              v.started_at, v.ended_at, v.message_count, o.content, '${Status.Queued}', now()
         FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[],
                     $6::varchar[], $7::timestamptz[], $8::timestamptz[], $9::int[]) WITH ORDINALITY
              AS v(source, external_id, channel, language, team, customer_id, started_at, ended_at,
                   message_count, n)
         JOIN (SELECT e::jsonb AS content, n FROM json_array_elements($10::json) WITH ORDINALITY AS d(e, n)) AS o
           USING (n)
       ON CONFLICT (source, external_id) DO NOTHING
       RETURNING id, source, external_id${
         keep.length
           ? `), kept AS (
         INSERT INTO conversation_original (conversation_id, iv, tag, ciphertext)
         SELECT i.id, o.iv, o.tag, o.ciphertext
           FROM inserted i
           JOIN unnest($11::varchar[], $12::varchar[], $13::bytea[], $14::bytea[], $15::bytea[])
                AS o(source, external_id, iv, tag, ciphertext)
             ON o.source = i.source AND o.external_id = i.external_id)
       SELECT id, source, external_id FROM inserted`
           : ''
       }`,
      [
        col((c) => c.source),
        col((c) => c.externalId),
        col((c) => c.channel),
        col((c) => c.language ?? null),
        col((c) => c.team ?? null),
        col((c) => c.customer.id ?? null),
        col((c) => c.startedAt),
        col((c) => c.endedAt),
        col((c) => c.messages.length),
        JSON.stringify(conversations),
        ...(keep.length
          ? [
              keep.map((o) => o.source),
              keep.map((o) => o.externalId),
              keep.map((o) => o.sealed.iv),
              keep.map((o) => o.sealed.tag),
              keep.map((o) => o.sealed.ciphertext),
            ]
          : []),
      ],
    );
    const created = new Map(inserted.map((r) => [key(r.source, r.external_id), r.id]));
    const missing = conversations.filter((c) => !created.has(key(c.source, c.externalId)));
    const existing = new Map<string, { id: string; status: ConversationStatus }>();
    if (missing.length) {
      const rows: Array<{ id: string; source: string; external_id: string; status: ConversationStatus }> =
        await this.dataSource.query(
          `SELECT c.id, c.source, c.external_id, c.status FROM conversation c
             JOIN unnest($1::varchar[], $2::varchar[]) AS k(source, external_id)
               ON c.source = k.source AND c.external_id = k.external_id`,
          [missing.map((c) => c.source), missing.map((c) => c.externalId)],
        );
      for (const r of rows) existing.set(key(r.source, r.external_id), { id: r.id, status: r.status });
    }
    // A key repeated inside one batch is created by its first occurrence; later ones repeat it.
    const seen = new Set<string>();
    return conversations.map((c) => {
      const k = key(c.source, c.externalId);
      const createdId = created.get(k);
      const first = !seen.has(k);
      seen.add(k);
      const stored = createdId
        ? { id: createdId, created: first, status: Status.Queued }
        : { ...existing.get(k)!, created: false };
      return {
        id: stored.id,
        source: c.source,
        externalId: c.externalId,
        created: stored.created,
        status: stored.status,
      };
    });
  }

  /** Their score jobs are in Redis: received → queued. */
  markQueued(ids: string[]): Promise<void> {
    return this.transition(ids, Status.Received, Status.Queued);
  }

  /** Redis refused their jobs: queued → received, for the sweep to queue again. */
  markReceived(ids: string[]): Promise<void> {
    return this.transition(ids, Status.Queued, Status.Received);
  }

  private async transition(ids: string[], from: ConversationStatus, to: ConversationStatus): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE conversation SET status = $3::varchar, queued_at = CASE WHEN $3::varchar = '${Status.Queued}' THEN now() END
        WHERE id = ANY($1::uuid[]) AND status = $2::varchar`,
      [ids, from, to],
    );
  }

  /**
   * The sweep: conversations stored but not scored for longer than `olderThanSeconds` — those whose
   * job never reached Redis, and with `includeQueued` also those queued (the caller knows when their
   * job may have been lost) — oldest first, handed to `requeue` while the sweep's advisory lock is
   * held, so one API instance sweeps at a time. Returns how many were found; 0 when another
   * instance is sweeping.
   */
  async findUnqueued(
    olderThanSeconds: number,
    includeQueued: boolean,
    requeue: (waiting: QueueState[]) => Promise<void>,
    limit = 5000,
  ): Promise<number> {
    // Written out, not a parameter: the planner matches it to the partial index of unscored conversations.
    const statuses = includeQueued ? `'${Status.Received}', '${Status.Queued}'` : `'${Status.Received}'`;
    return this.dataSource.transaction(async (tx) => {
      const [{ locked }] = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [SWEEP_LOCK]);
      if (!locked) return 0;
      const rows: QueueState[] = await tx.query(
        `SELECT id, status FROM conversation
          WHERE status IN (${statuses}) AND received_at < now() - make_interval(secs => $1)
          ORDER BY received_at LIMIT $2`,
        [olderThanSeconds, limit],
      );
      if (rows.length) await requeue(rows);
      return rows.length;
    });
  }

  /**
   * Scored conversations that ended in [from, to) and got no topic, newest first, with only their
   * customer's messages (and the agents, whose names discovery leaves out): what topic discovery groups.
   */
  findScoredWithoutTopic(
    from: Date,
    to: Date,
    limit: number,
  ): Promise<Array<{ id: string; messages: Conversation['messages']; agents: Conversation['agents'] }>> {
    return this.dataSource.query(
      `SELECT id, jsonb_path_query_array(content, '$.messages[*] ? (@.role == "customer")') AS messages,
              coalesce(content->'agents', '[]'::jsonb) AS agents
         FROM conversation
        WHERE status = '${Status.Scored}' AND topic_keys = '{}' AND ended_at >= $1 AND ended_at < $2
        ORDER BY ended_at DESC, id
        LIMIT $3`,
      [from, to, limit],
    );
  }

  /** `teams`: only conversations of these teams (a user limited to teams); null for every team. */
  async list(
    query: Required<Pick<ConversationListQuery, 'page' | 'pageSize'>> & ConversationListQuery,
    teams: readonly string[] | null = null,
  ): Promise<Page<ConversationSummary>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (teams) add('team = ANY(?::varchar[])', teams);
    if (query.team) add('team = ?', query.team);
    if (query.channel) add('channel = ?', query.channel);
    if (query.agent) add('? = ANY(agent_ids)', query.agent);
    if (query.topic) add('? = ANY(topic_keys)', query.topic);
    // A literal, not a parameter: with `status = $1` a generic plan cannot use the partial index of
    // unscored conversations, and asking for the received or queued ones (the backlog) read the
    // whole table. The status is checked against the four there are before it goes in.
    if (query.status) {
      if (!Object.values(Status).includes(query.status)) throw new Error(`unknown status ${query.status}`);
      where.push(`status = '${query.status}'`);
    }
    if (query.from) add('ended_at >= ?', query.from);
    if (query.to) add('ended_at < ?', query.to);
    if (query.q)
      add('(external_id ILIKE ? OR content::text ILIKE ?)', `%${query.q.replace(/[\\%_]/g, '\\$&')}%`);
    // Each scored conversation keeps its counted QA outcomes as "criterion:met" / "criterion:not_met"
    // (qa_outcomes, the same facts the agent page's criterion rates are summed from).
    if (query.criterion) {
      const outcomes = query.outcome ? [query.outcome] : LIST_QA_OUTCOMES;
      add(
        'qa_outcomes && ?::text[]',
        outcomes.map((o) => qaOutcomeKey(query.criterion!, o)),
      );
    }
    if (query.sentiment === 'negative') add('customer_sentiment < ?', NEGATIVE_SENTIMENT_THRESHOLD);
    if (query.sentiment === 'positive') add('customer_sentiment > ?', POSITIVE_SENTIMENT_THRESHOLD);
    if (query.sentiment === 'neutral') {
      add('customer_sentiment >= ?', NEGATIVE_SENTIMENT_THRESHOLD);
      add('customer_sentiment <= ?', POSITIVE_SENTIMENT_THRESHOLD);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${SUMMARY_COLUMNS} FROM conversation ${whereSql}
          ORDER BY ended_at DESC, id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
        params,
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM conversation ${whereSql}`, params),
    ]);
    return { items: rows.map(toSummary), total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * The score facts of the scored conversations of some teams that ended in [from, to), narrowed to a
   * channel, an agent or a topic: what the rollups are summed from (aggregateRollups), for views the
   * kept rollups cannot narrow to teams. At most `limit` of them.
   */
  async scoredFacts(query: {
    teams: readonly string[];
    from: Date;
    to: Date;
    channel?: string;
    agent?: string;
    topic?: string;
    limit: number;
  }): Promise<ScoredFacts[]> {
    const rows: Array<Record<string, any>> = await this.dataSource.query(
      `SELECT ended_at, team, channel, agent_ids, message_count, customer_sentiment, qa_score, topic_keys,
              signals, qa_outcomes
         FROM conversation
        WHERE status = '${Status.Scored}' AND team = ANY($1::varchar[]) AND ended_at >= $2 AND ended_at < $3
          AND ($4::varchar IS NULL OR channel = $4)
          AND ($5::text IS NULL OR $5 = ANY(agent_ids))
          AND ($6::text IS NULL OR $6 = ANY(topic_keys))
        LIMIT $7`,
      [
        query.teams,
        query.from,
        query.to,
        query.channel ?? null,
        query.agent ?? null,
        query.topic ?? null,
        query.limit,
      ],
    );
    return rows.map((r) => ({
      endedAt: r.ended_at,
      team: r.team,
      channel: r.channel,
      agentIds: r.agent_ids,
      messageCount: r.message_count,
      customerSentiment: r.customer_sentiment,
      qaScore: r.qa_score,
      topics: r.topic_keys,
      signals: r.signals,
      qaOutcomes: r.qa_outcomes,
    }));
  }

  /** `signalKinds`: the kinds of signals the reader may see (by default the outliers only). */
  async findDetail(
    id: string,
    signalKinds: readonly string[] = OUTLIER_SIGNAL_KINDS,
  ): Promise<ConversationDetail | null> {
    const rows = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, content, error, attempts, received_at, scored_at, text_expired_at,
              scores_expired_at,
              (SELECT json_object_agg(analyzer, output) FROM conversation_analysis a WHERE a.conversation_id = c.id)
                AS scores,
              ${signalsOfConversationSql('$2::text[]')} AS conversation_signals
         FROM conversation c WHERE id = $1`,
      [id, signalKinds],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      ...toSummary(r),
      conversation: r.content as Conversation,
      scores: fromStoredScores(r.scores ?? {}, r.content as Conversation),
      error: r.error,
      attempts: r.attempts,
      receivedAt: new Date(r.received_at).toISOString(),
      scoredAt: r.scored_at ? new Date(r.scored_at).toISOString() : null,
      textExpiredAt: r.text_expired_at ? new Date(r.text_expired_at).toISOString() : null,
      scoresExpiredAt: r.scores_expired_at ? new Date(r.scores_expired_at).toISOString() : null,
      signals: r.conversation_signals,
    };
  }
}
