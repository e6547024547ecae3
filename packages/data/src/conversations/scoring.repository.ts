import type { DataSource, EntityManager } from 'typeorm';
import {
  ConversationStatus as Status,
  ROLLUP_COUNTERS,
  type Conversation,
  type ConversationScores,
  type ScoreFacts,
} from '@vigil/contracts';
import type { RaisedFlag } from '@vigil/contracts';
import { queueForCampaigns, type CampaignIndexRow } from '../campaigns/campaign.repository';
import { flagCandidates } from '../flags/flag-candidates';
import { FlagRepository } from '../flags/flag.repository';
import type { RollupRow, ScoredFacts } from '../rollups/rollup';
import { toJsonb } from '../jsonb';
import { toStoredOutput } from './stored-scores';

export interface StoredConversation extends ScoredFacts {
  id: string;
  status: string;
  content: Conversation;
}

/** What one scoring transaction did: the conversations it moved to scored, and the flags it raised. */
export interface ScoredBatch {
  newlyScored: Set<string>;
  raised: RaisedFlag[];
}

export interface ScoredConversation {
  id: string;
  scores: ConversationScores;
  facts: ScoreFacts;
}

/** The facts kept on the conversation row: for list filters, and as the "old" side of a rescore. */
const SET_FACTS = `customer_sentiment = v.sentiment, qa_score = v.qa,
  topic_keys = ARRAY(SELECT jsonb_array_elements_text(v.topics)),
  signals = ARRAY(SELECT jsonb_array_elements_text(v.signals)),
  qa_outcomes = ARRAY(SELECT jsonb_array_elements_text(v.qa_outcomes))`;
const FACT_ROWS = `unnest($1::uuid[], $2::float8[], $3::float8[], $4::jsonb[], $5::jsonb[], $6::jsonb[])
  AS v(id, sentiment, qa, topics, signals, qa_outcomes)`;
const factParams = (results: ScoredConversation[]) => [
  results.map((r) => r.id),
  results.map((r) => r.facts.customerSentiment),
  results.map((r) => r.facts.qaScore),
  results.map((r) => JSON.stringify(r.facts.topics)),
  results.map((r) => JSON.stringify(r.facts.signals)),
  results.map((r) => JSON.stringify(r.facts.qaOutcomes)),
];

/**
 * Rescoring skips conversations retention has expired: with the text emptied there is nothing to
 * score (and the rollups would move by what the empty text scores), and expired scores must not come
 * back.
 */
const RESCORABLE = 'text_expired_at IS NULL AND scores_expired_at IS NULL';

const STORED_COLUMNS =
  'id, status, content, ended_at, team, channel, agent_ids, message_count, customer_sentiment, qa_score, topic_keys, signals, qa_outcomes';

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
    qaScore: r.qa_score as number | null,
    topics: r.topic_keys as string[],
    signals: r.signals as string[],
    qaOutcomes: r.qa_outcomes as string[],
  };
}

/**
 * One statement adds a batch's counters to the rollups, made from the list of counters in core; the
 * QA criterion counts (jsonb) are summed key by key by vigil_add_counts, only where there are some.
 */
const CRITERIA_PARAM = ROLLUP_COUNTERS.length + 5;
const UPSERT_ROLLUPS = `
  INSERT INTO rollup (granularity, dimension, value, bucket, ${ROLLUP_COUNTERS.map((c) => c.column).join(', ')}, qa_criteria)
  SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::timestamptz[],
    ${ROLLUP_COUNTERS.map((c, i) => `$${i + 5}::${c.sqlType}[]`).join(', ')}, $${CRITERIA_PARAM}::jsonb[])
  ON CONFLICT (granularity, dimension, value, bucket) DO UPDATE SET
    ${ROLLUP_COUNTERS.map((c) => `${c.column} = rollup.${c.column} + excluded.${c.column}`).join(',\n    ')},
    qa_criteria = CASE WHEN excluded.qa_criteria = '{}'::jsonb THEN rollup.qa_criteria
                       ELSE vigil_add_counts(rollup.qa_criteria, excluded.qa_criteria) END`;

/**
 * Scoring results are commits Postgres need not wait for the disk to acknowledge: a crash may lose
 * the last few hundred milliseconds of them, whole (results and rollups together), and those
 * conversations are still stored and unscored, so the sweep queues them again. Not waiting shortens
 * each transaction, and with it how long two workers wait for each other on the same rollup rows.
 * Ingest commits stay synchronous: a conversation acknowledged with 202 is on disk.
 */
export const ASYNC_COMMIT = `SET LOCAL synchronous_commit = off`;

/**
 * The conversation lifecycle as the workers drive it (the API's side is ConversationRepository):
 * read a batch, `markScored` with its results and rollups in one transaction, `recordFailure`
 * when scoring fails, and the rescoring of scored conversations.
 */
export class ScoringRepository {
  private readonly flags: FlagRepository;

  constructor(private readonly dataSource: DataSource) {
    this.flags = new FlagRepository(dataSource);
  }

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
        WHERE status = '${Status.Scored}' AND ended_at >= $1 AND ended_at < $2 AND ${RESCORABLE}
          AND ($3::timestamptz IS NULL OR (ended_at, id) > ($3::timestamptz, $4::uuid))
        ORDER BY ended_at, id LIMIT $5`,
      [from, to, after?.endedAt ?? null, after?.id ?? null, limit],
    );
    return rows.map(toStored);
  }

  async countScored(from: Date, to: Date): Promise<number> {
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM conversation
        WHERE status = '${Status.Scored}' AND ended_at >= $1 AND ended_at < $2 AND ${RESCORABLE}`,
      [from, to],
    );
    return count;
  }

  /**
   * Replace the results of conversations scored before, and move the rollups by the difference
   * between their old and new facts, in one transaction — their flags too (updated, raised, or
   * closed when no longer raised: FlagRepository.rescore). Returns the flags raised for the first time.
   */
  async saveRescores(results: ScoredConversation[], rollups: RollupRow[]): Promise<RaisedFlag[]> {
    if (results.length === 0) return [];
    return this.dataSource.transaction(async (tx) => {
      await tx.query(ASYNC_COMMIT);
      await this.upsertAnalyses(tx, results);
      await tx.query(
        `UPDATE conversation c SET ${SET_FACTS} FROM ${FACT_ROWS} WHERE c.id = v.id`,
        factParams(results),
      );
      await this.upsertRollups(tx, rollups);
      return this.flags.rescore(
        tx,
        results.map((r) => r.id),
        results.flatMap((r) => flagCandidates(r.id, r.scores)),
      );
    });
  }

  /**
   * Store results and mark the conversations scored, in one transaction, with the flags their
   * violations raise. Returns the ids that were not scored before (only those may count in the
   * rollups, so scoring twice counts once; only those raise flags) and the flags raised. With
   * `campaignRows`, the newly scored among them are indexed and queued for the campaigns tick.
   */
  async markScored(
    results: ScoredConversation[],
    rollupsFor: (newlyScored: Set<string>) => RollupRow[],
    campaignRows?: readonly CampaignIndexRow[],
  ): Promise<ScoredBatch> {
    if (results.length === 0) return { newlyScored: new Set(), raised: [] };
    return this.dataSource.transaction(async (tx) => {
      await tx.query(ASYNC_COMMIT);
      // TypeORM answers an UPDATE with [rows, rowCount].
      const [updated]: [Array<{ id: string }>, number] = await tx.query(
        `UPDATE conversation c
            SET status = 'scored', scored_at = now(), error = NULL, attempts = c.attempts + 1, ${SET_FACTS}
           FROM ${FACT_ROWS}
          WHERE c.id = v.id AND c.status <> 'scored'
      RETURNING c.id`,
        factParams(results),
      );
      const newlyScored = new Set(updated.map((u) => u.id));
      const scored = results.filter((r) => newlyScored.has(r.id));
      await this.upsertAnalyses(tx, scored);
      if (campaignRows)
        await queueForCampaigns(
          tx,
          campaignRows.filter((r) => newlyScored.has(r.conversationId)),
        );
      // The rows every workers process updates (flag and quality rollups) come last: another
      // process's batch waits on their locks only from here to the commit.
      // Most conversations violate nothing: flagCandidates is empty for them and raiseNew writes nothing.
      const raised = await this.flags.raiseNew(
        tx,
        scored.flatMap((r) => flagCandidates(r.id, r.scores)),
      );
      await this.upsertRollups(tx, rollupsFor(newlyScored));
      return { newlyScored, raised };
    });
  }

  /**
   * One statement for the batch. The outputs travel as one JSON array beside arrays of their ids,
   * analyzers and versions: a jsonb[] parameter would make node-postgres escape every output into an
   * array literal (a copy of each that showed up in the workers' profile), and reading the ids out of
   * one jsonb document made Postgres build the whole document and copy each output out of it again.
   * As json, the array is only split, and each output stored as the json text it is.
   */
  private async upsertAnalyses(tx: EntityManager, results: ScoredConversation[]): Promise<void> {
    const ids: string[] = [];
    const analyzers: string[] = [];
    const versions: string[] = [];
    const outputs: object[] = [];
    for (const r of results) {
      for (const output of Object.values(r.scores)) {
        if (!output) continue;
        ids.push(r.id);
        analyzers.push(output.analyzer);
        versions.push(output.version);
        outputs.push(toStoredOutput(output));
      }
    }
    if (ids.length === 0) return;
    await tx.query(
      `INSERT INTO conversation_analysis (conversation_id, analyzer, version, output)
       SELECT v.id, v.analyzer, v.version, o.output
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[]) WITH ORDINALITY AS v(id, analyzer, version, n)
         JOIN json_array_elements($4::json) WITH ORDINALITY AS o(output, n) USING (n)
       ON CONFLICT (conversation_id, analyzer)
       DO UPDATE SET version = excluded.version, output = excluded.output, scored_at = now()`,
      [ids, analyzers, versions, toJsonb(outputs)],
    );
  }

  private async upsertRollups(tx: EntityManager, rows: RollupRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(UPSERT_ROLLUPS, [
      rows.map((r) => r.granularity),
      rows.map((r) => r.dimension),
      rows.map((r) => r.value),
      rows.map((r) => r.bucket),
      ...ROLLUP_COUNTERS.map(({ key }) => rows.map((r) => r[key])),
      rows.map((r) => JSON.stringify(r.qaCriteria)),
    ]);
  }

  /**
   * A failed attempt at these conversations: the error stays visible, and with `final` (the last
   * attempt) they are failed. Conversations scored meanwhile are left alone.
   */
  async recordFailure(ids: string[], error: string, attempts: number, final: boolean): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE conversation SET error = $2, attempts = $3, status = CASE WHEN $4 THEN '${Status.Failed}' ELSE status END
        WHERE id = ANY($1::uuid[]) AND status <> '${Status.Scored}'`,
      [ids, error.slice(0, 2000), attempts, final],
    );
  }
}
