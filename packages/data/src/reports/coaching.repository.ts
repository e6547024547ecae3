import type { DataSource } from 'typeorm';
import {
  ConversationStatus as Status,
  SENTIMENT_OUTCOME_MARGIN,
  type CoachingFlags,
  type CoachingNote,
  type CoachingNoteKind,
  type ConversationAgent,
  type SentimentOutcomes,
} from '@vigil/contracts';

/**
 * The conversations a coaching report covers: the scored conversations of one agent or one team
 * that ended in [from, to), within `teams` when the reader is limited to teams (null: every team).
 */
export interface CoachingScope {
  agent?: string;
  team?: string;
  teams: readonly string[] | null;
  from: Date;
  to: Date;
}

/** One conversation of the CSV export: its scores as stored, criterion outcomes as "key:met". */
export interface CoachingRow {
  id: string;
  externalId: string;
  source: string;
  channel: string;
  team: string | null;
  agentIds: string[];
  startedAt: Date;
  endedAt: Date;
  messageCount: number;
  qaScore: number | null;
  sentiment: number | null;
  sentimentStart: number | null;
  sentimentEnd: number | null;
  topics: string[];
  /** Rule ids of its flags (not those a rescore withdrew). */
  flags: string[];
  qaOutcomes: string[];
}

/** How many conversations the export reads per query while it streams. */
const EXPORT_BATCH = 1000;

/** The scope as SQL conditions on `conversation c`, with their parameters appended to `params`. */
function scopeSql(scope: CoachingScope, params: unknown[]): string {
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = [
    `c.status = '${Status.Scored}'`,
    `c.ended_at >= ${param(scope.from)}`,
    `c.ended_at < ${param(scope.to)}`,
  ];
  // `@>` rather than `= ANY`: it is the form the GIN index on agent_ids answers.
  if (scope.agent !== undefined) where.push(`c.agent_ids @> ARRAY[${param(scope.agent)}]::text[]`);
  if (scope.team !== undefined) where.push(`c.team = ${param(scope.team)}`);
  if (scope.teams) where.push(`c.team = ANY(${param(scope.teams)}::varchar[])`);
  return where.join(' AND ');
}

/** The customer's first and last opinionated polarity, from the stored sentiment analysis. */
const TRAJECTORY = `LEFT JOIN LATERAL (
    SELECT (a.output->'result'->'customer'->>'start')::float8 AS start,
           (a.output->'result'->'customer'->>'end')::float8 AS "end"
      FROM conversation_analysis a WHERE a.conversation_id = c.id AND a.analyzer = 'sentiment'
  ) s ON true`;

function toNote(r: Record<string, any>): CoachingNote {
  return {
    id: String(r.id),
    agentId: r.agent_id,
    kind: r.kind,
    text: r.text,
    author: r.author,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/**
 * The reads of a coaching report that the rollups cannot answer (they are kept per single
 * dimension, and hold no start-to-end sentiment): each one aggregate query over the scope's
 * conversations, plus the export's rows a page at a time, and trainers' notes and goals.
 */
export class CoachingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** How many conversations are in scope (to decide whether a PDF is built in the background). */
  async count(scope: CoachingScope): Promise<number> {
    const params: unknown[] = [];
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM conversation c WHERE ${scopeSql(scope, params)}`,
      params,
    );
    return row.n;
  }

  /** How many conversations are in scope, and how their customers' mood went from start to end. */
  async outcomes(scope: CoachingScope): Promise<{ conversations: number } & SentimentOutcomes> {
    const params: unknown[] = [SENTIMENT_OUTCOME_MARGIN];
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS conversations,
              count(*) FILTER (WHERE s."end" - s.start > $1)::int AS improved,
              count(*) FILTER (WHERE s.start - s."end" > $1)::int AS worsened,
              count(*) FILTER (WHERE abs(s."end" - s.start) <= $1)::int AS unchanged,
              count(*) FILTER (WHERE s.start IS NULL OR s."end" IS NULL)::int AS unknown
         FROM conversation c ${TRAJECTORY}
        WHERE ${scopeSql(scope, params)}`,
      params,
    );
    return row;
  }

  /** The topics handled, most conversations first. */
  async topics(scope: CoachingScope, limit = 10): Promise<Array<{ key: string; conversations: number }>> {
    const params: unknown[] = [];
    const where = scopeSql(scope, params);
    return this.dataSource.query(
      `SELECT t AS key, count(*)::int AS conversations
         FROM conversation c CROSS JOIN LATERAL unnest(c.topic_keys) AS t
        WHERE ${where}
        GROUP BY t ORDER BY count(*) DESC, t LIMIT ${Number(limit)}`,
      params,
    );
  }

  /** The flags raised on the scope's conversations, by rule, most first (withdrawn ones left out). */
  async flags(scope: CoachingScope): Promise<CoachingFlags> {
    const params: unknown[] = [];
    const where = scopeSql(scope, params);
    const rows: Array<Record<string, any>> = await this.dataSource.query(
      `SELECT f.rule_id, max(f.label) AS label, max(f.severity) AS severity, count(*)::int AS count,
              count(*) FILTER (WHERE f.status = 'confirmed')::int AS confirmed,
              count(*) FILTER (WHERE f.status = 'dismissed')::int AS dismissed,
              array_agg(DISTINCT f.conversation_id) AS conversations
         FROM conversation c JOIN flag f ON f.conversation_id = c.id AND f.cleared_at IS NULL
        WHERE ${where}
        GROUP BY f.rule_id ORDER BY count(*) DESC, f.rule_id`,
      params,
    );
    const flagged = new Set(rows.flatMap((r) => r.conversations as string[]));
    return {
      conversations: flagged.size,
      byRule: rows.map((r) => ({
        ruleId: r.rule_id,
        label: r.label,
        severity: r.severity,
        count: r.count,
        confirmed: r.confirmed,
        dismissed: r.dismissed,
      })),
    };
  }

  /** The team most of the scope's conversations belong to (an agent's team), if any. */
  async mainTeam(scope: CoachingScope): Promise<string | null> {
    const params: unknown[] = [];
    const rows: Array<{ team: string }> = await this.dataSource.query(
      `SELECT c.team FROM conversation c WHERE ${scopeSql(scope, params)} AND c.team IS NOT NULL
        GROUP BY c.team ORDER BY count(*) DESC, c.team LIMIT 1`,
      params,
    );
    return rows[0]?.team ?? null;
  }

  /** The agent as posted with their latest conversation (a name, human or AI), if they have one. */
  async agent(agentId: string): Promise<ConversationAgent | null> {
    const rows: Array<{ agents: ConversationAgent[] | null }> = await this.dataSource.query(
      `SELECT content->'agents' AS agents FROM conversation
        WHERE agent_ids @> ARRAY[$1]::text[] ORDER BY ended_at DESC LIMIT 1`,
      [agentId],
    );
    return rows[0]?.agents?.find((a) => a.id === agentId) ?? null;
  }

  /** Ids of the scope's conversations with the highest (`best`) or lowest QA score, latest first on ties. */
  async examples(scope: CoachingScope, order: 'best' | 'worst', limit: number): Promise<string[]> {
    const params: unknown[] = [];
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT c.id FROM conversation c WHERE ${scopeSql(scope, params)} AND c.qa_score IS NOT NULL
        ORDER BY c.qa_score ${order === 'best' ? 'DESC' : 'ASC'}, c.ended_at DESC, c.id LIMIT ${Number(limit)}`,
      params,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Every conversation in scope, oldest first, read EXPORT_BATCH at a time (a keyset on ended_at and
   * id): memory stays that of one batch however long the period.
   */
  async *stream(scope: CoachingScope): AsyncGenerator<CoachingRow> {
    // The key is read back as text: a Date would round microseconds, and repeat or skip rows.
    let after: { endedAt: string; id: string } | null = null;
    for (;;) {
      const params: unknown[] = [];
      const where = scopeSql(scope, params);
      // The page is chosen on the conversation table alone (walking the ended_at index from the
      // last key on: the explicit bound lets the scan start there), then joined with its sentiment:
      // joining first would read the analysis of every remaining conversation for each page.
      const keyset = after
        ? `AND c.ended_at >= $${params.push(after.endedAt)}::timestamptz
           AND (c.ended_at, c.id) > ($${params.length}::timestamptz, $${params.push(after.id)}::uuid)`
        : '';
      const rows: Array<Record<string, any>> = await this.dataSource.query(
        `SELECT c.id, c.external_id, c.source, c.channel, c.team, c.agent_ids, c.started_at, c.ended_at,
                c.message_count, c.qa_score, c.customer_sentiment, c.topic_keys, c.qa_outcomes,
                s.start AS sentiment_start, s."end" AS sentiment_end, c.ended_at::text AS ended_key,
                (SELECT coalesce(array_agg(f.rule_id ORDER BY f.rule_id), '{}') FROM flag f
                  WHERE f.conversation_id = c.id AND f.cleared_at IS NULL) AS flags
           FROM (SELECT * FROM conversation c WHERE ${where} ${keyset}
                  ORDER BY c.ended_at, c.id LIMIT ${EXPORT_BATCH}) c
           ${TRAJECTORY}
          ORDER BY c.ended_at, c.id`,
        params,
      );
      for (const r of rows) {
        yield {
          id: r.id,
          externalId: r.external_id,
          source: r.source,
          channel: r.channel,
          team: r.team,
          agentIds: r.agent_ids,
          startedAt: r.started_at,
          endedAt: r.ended_at,
          messageCount: r.message_count,
          qaScore: r.qa_score,
          sentiment: r.customer_sentiment,
          sentimentStart: r.sentiment_start,
          sentimentEnd: r.sentiment_end,
          topics: r.topic_keys,
          flags: r.flags,
          qaOutcomes: r.qa_outcomes,
        };
      }
      if (rows.length < EXPORT_BATCH) return;
      const last = rows[rows.length - 1]!;
      after = { endedAt: last.ended_key, id: last.id };
    }
  }

  async addNote(note: {
    agentId: string;
    kind: CoachingNoteKind;
    text: string;
    author: string;
    authorId: string | null;
  }): Promise<CoachingNote> {
    const [row] = await this.dataSource.query(
      `INSERT INTO coaching_note (agent_id, kind, text, author, author_id) VALUES ($1, $2, $3, $4, $5)
        RETURNING id, agent_id, kind, text, author, created_at`,
      [note.agentId, note.kind, note.text, note.author.slice(0, 400), note.authorId],
    );
    return toNote(row);
  }

  /** An agent's notes and goals, newest first. */
  async notes(agentId: string, limit = 100): Promise<CoachingNote[]> {
    const rows = await this.dataSource.query(
      `SELECT id, agent_id, kind, text, author, created_at FROM coaching_note
        WHERE agent_id = $1 ORDER BY created_at DESC, id DESC LIMIT ${Number(limit)}`,
      [agentId],
    );
    return rows.map(toNote);
  }
}
