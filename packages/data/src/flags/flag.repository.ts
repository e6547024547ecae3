import type { DataSource, EntityManager } from 'typeorm';
import {
  AWAITING_DECISION,
  type Evidence,
  type FlagComment,
  type FlagEvent,
  type FlagSource,
  type FlagStatus,
  type RaisedFlag,
  type Severity,
  type UserRole,
} from '@vigil/contracts';
import { toJsonb } from '../jsonb';
import type { FlagCandidate } from './flag-candidates';
import {
  FLAG_ROLLUP_COUNTERS,
  flagRollupDelta,
  type FlagFacts,
  type FlagGranularity,
  type FlagRollupRow,
} from './flag-rollup';

/** A flag as stored, with the conversation's external id and the assignee's name. */
export interface FlagRecord {
  id: string;
  conversationId: string;
  externalId: string;
  source: FlagSource;
  ruleId: string;
  ruleVersion: string;
  kind: string;
  severity: Severity;
  severityRank: number;
  label: string;
  reason: string;
  evidence: Evidence[];
  status: FlagStatus;
  decisionReason: string | null;
  decidedAt: Date | null;
  closedAt: Date | null;
  clearedAt: Date | null;
  assignee: { id: string; name: string; email: string } | null;
  team: string | null;
  channel: string;
  conversationEndedAt: Date;
  raisedAt: Date;
  updatedAt: Date;
  version: number;
}

/** Who changed a flag: a user, or "system" (scoring). */
export interface FlagActor {
  actor: string;
  actorId: string | null;
}

const SYSTEM: FlagActor = { actor: 'system', actorId: null };

/** What a reviewer's action does to a flag: the fields it sets and the history entry it leaves. */
export interface FlagChange {
  set?: {
    status?: FlagStatus;
    decisionReason?: string | null;
    decidedAt?: Date | null;
    closedAt?: Date | null;
    assigneeId?: string | null;
  };
  event: { kind: string; details: Record<string, unknown> };
}

export interface FlagFilter {
  statuses?: FlagStatus[];
  severities?: Severity[];
  ruleId?: string;
  team?: string;
  channel?: string;
  /** A user id, or null for unassigned. */
  assigneeId?: string | null;
  source?: FlagSource;
  from?: Date;
  to?: Date;
  /** Raised before this time (the age filter). */
  raisedBefore?: Date;
}

/** The queue's order: highest severity first, oldest first within a severity. */
export interface FlagCursor {
  severityRank: number;
  raisedAt: string;
  id: string;
}

export interface FlagOverviewRow {
  bucket: Date;
  ruleId: string;
  severity: Severity;
  raised: number;
  closed: number;
  confirmed: number;
  dismissed: number;
  escalated: number;
  decisions: number;
  decisionSeconds: number;
}

/** The flag sources scoring raises (flagCandidates): rescoring updates and clears these only. */
const SCORED_FLAG_SOURCES: FlagSource[] = ['policy', 'fraud'];

const FLAG_COLUMNS = `f.id, f.conversation_id, c.external_id, f.source, f.rule_id, f.rule_version, f.kind, f.severity,
  f.severity_rank, f.label, f.reason, f.status, f.decision_reason, f.decided_at, f.closed_at, f.cleared_at,
  f.assignee_id, u.name AS assignee_name, u.email AS assignee_email, f.team, f.channel, f.conversation_ended_at,
  f.raised_at, f.updated_at, f.version`;
const FLAG_FROM = `flag f JOIN conversation c ON c.id = f.conversation_id LEFT JOIN app_user u ON u.id = f.assignee_id`;

function toRecord(r: Record<string, any>): FlagRecord {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    externalId: r.external_id,
    source: r.source,
    ruleId: r.rule_id,
    ruleVersion: r.rule_version,
    kind: r.kind,
    severity: r.severity,
    severityRank: r.severity_rank,
    label: r.label,
    reason: r.reason,
    evidence: r.evidence ?? [],
    status: r.status,
    decisionReason: r.decision_reason,
    decidedAt: r.decided_at,
    closedAt: r.closed_at,
    clearedAt: r.cleared_at,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name, email: r.assignee_email } : null,
    team: r.team,
    channel: r.channel,
    conversationEndedAt: r.conversation_ended_at,
    raisedAt: r.raised_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

/** What the rollups count of a flag (see flagRollupDelta). */
export function factsOf(f: {
  source: string;
  ruleId: string;
  severity: string;
  team: string | null;
  status: FlagStatus;
  raisedAt: Date;
  closedAt: Date | null;
  decidedAt: Date | null;
}): FlagFacts {
  return {
    source: f.source,
    ruleId: f.ruleId,
    severity: f.severity,
    team: f.team,
    status: f.status,
    raisedAt: f.raisedAt,
    closedAt: f.closedAt,
    decidedAt: f.decidedAt,
  };
}

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** What rescoring may change of a flag, compared to tell an update from nothing new. */
const sameViolation = (f: FlagRecord, c: FlagCandidate) =>
  f.ruleVersion === c.ruleVersion &&
  f.severity === c.severity &&
  f.kind === c.kind &&
  f.label === clip(c.label, 300) &&
  f.reason === c.reason &&
  canonical(f.evidence) === canonical(c.evidence);

/** JSON with keys in one order: jsonb gives objects back with its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Closed by rescoring (no reviewer decided it): raising it again reopens it. */
const closedByRescoring = (f: FlagRecord) =>
  f.clearedAt !== null && f.closedAt !== null && f.decidedAt === null;

export const NO_LONGER_RAISED = 'No longer raised: rescoring found no violation of this rule';

/**
 * Flags: raised by the workers in the scoring transaction (`raiseNew` for first scoring, `rescore` on
 * rescoring), read and changed by the API's review queue, with their history and the rollups of the
 * compliance overview kept in the same transaction as every change.
 */
export class FlagRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * First scoring: insert the batch's flags, their "raised" history and their rollup counts. Two
   * statements for the whole batch, and none when it raised no flag (most batches hold few).
   */
  async raiseNew(tx: EntityManager, candidates: FlagCandidate[]): Promise<RaisedFlag[]> {
    if (candidates.length === 0) return [];
    const rows = await this.insert(tx, candidates);
    await this.upsertRollups(
      tx,
      flagRollupDelta(rows.map((r) => factsOf({ ...r, status: 'open', closedAt: null, decidedAt: null }))),
    );
    return rows.map(toRaised);
  }

  /**
   * Rescoring of `conversationIds` (a page): their flags become what `candidates` say. A rule still
   * violated updates its flag (version, severity, evidence) and never adds one; a new one is raised;
   * a rule no longer violated closes a flag that awaits a decision (status dismissed, reason "no
   * longer raised", in its history; not counted as a reviewer's dismissal) and leaves a decided one
   * as it was, noting it in its history. A flag closed that way is reopened if raised again.
   * Unchanged flags are not touched. Returns the flags raised for the first time.
   */
  async rescore(
    tx: EntityManager,
    conversationIds: string[],
    candidates: FlagCandidate[],
  ): Promise<RaisedFlag[]> {
    if (conversationIds.length === 0) return [];
    const existing: FlagRecord[] = (
      await tx.query(
        `SELECT ${FLAG_COLUMNS}, f.evidence FROM ${FLAG_FROM}
          WHERE f.conversation_id = ANY($1::uuid[]) AND f.source = ANY($2::varchar[])
          ORDER BY f.id FOR UPDATE OF f`,
        [conversationIds, SCORED_FLAG_SOURCES],
      )
    ).map(toRecord);
    if (existing.length === 0 && candidates.length === 0) return [];
    const key = (f: { conversationId: string; source: string; ruleId: string }) =>
      `${f.conversationId}\u0000${f.source}\u0000${f.ruleId}`;
    const byKey = new Map(existing.map((f) => [key(f), f]));
    const wanted = new Set(candidates.map(key));
    const now = new Date();

    const fresh: FlagCandidate[] = [];
    const updates: Array<{
      before: FlagRecord;
      after: FlagRecord;
      event: { kind: string; details: Record<string, unknown> };
    }> = [];
    for (const c of candidates) {
      const f = byKey.get(key(c));
      if (!f) {
        fresh.push(c);
        continue;
      }
      const reraised = f.clearedAt !== null;
      if (!reraised && sameViolation(f, c)) continue;
      const reopen = closedByRescoring(f);
      const after: FlagRecord = {
        ...f,
        ruleVersion: c.ruleVersion,
        kind: c.kind,
        severity: c.severity,
        severityRank: c.severityRank,
        label: clip(c.label, 300),
        reason: c.reason,
        evidence: c.evidence,
        clearedAt: null,
        ...(reopen ? { status: 'open' as const, closedAt: null, decisionReason: null } : {}),
      };
      const details: Record<string, unknown> = { ruleVersion: c.ruleVersion, severity: c.severity };
      if (f.ruleVersion !== c.ruleVersion) details.previousRuleVersion = f.ruleVersion;
      if (f.severity !== c.severity) details.previousSeverity = f.severity;
      if (reopen) details.reopened = true;
      updates.push({ before: f, after, event: { kind: reraised ? 'reraised' : 'updated', details } });
    }
    for (const f of existing) {
      if (wanted.has(key(f)) || f.clearedAt !== null) continue;
      const awaiting = AWAITING_DECISION.includes(f.status);
      const after: FlagRecord = awaiting
        ? { ...f, clearedAt: now, status: 'dismissed', closedAt: now, decisionReason: NO_LONGER_RAISED }
        : { ...f, clearedAt: now };
      updates.push({
        before: f,
        after,
        event: {
          kind: 'cleared',
          details: { kept: !awaiting, status: after.status, previousStatus: f.status },
        },
      });
    }

    const inserted = await this.insert(tx, fresh);
    if (updates.length) {
      await tx.query(
        `UPDATE flag f SET rule_version = v.rule_version, kind = v.kind, severity = v.severity,
                severity_rank = v.severity_rank, label = v.label, reason = v.reason, evidence = e.evidence::jsonb,
                status = v.status, decision_reason = v.decision_reason, closed_at = v.closed_at,
                cleared_at = v.cleared_at, updated_at = now(), version = f.version + 1
           FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::int2[], $6::varchar[], $7::text[],
                       $8::varchar[], $9::text[], $10::timestamptz[], $11::timestamptz[])
                  WITH ORDINALITY AS v(id, rule_version, kind, severity, severity_rank, label, reason, status,
                                       decision_reason, closed_at, cleared_at, n)
           JOIN json_array_elements($12::json) WITH ORDINALITY AS e(evidence, n) USING (n)
          WHERE f.id = v.id`,
        [
          updates.map((u) => u.after.id),
          updates.map((u) => u.after.ruleVersion),
          updates.map((u) => u.after.kind),
          updates.map((u) => u.after.severity),
          updates.map((u) => u.after.severityRank),
          updates.map((u) => u.after.label),
          updates.map((u) => u.after.reason),
          updates.map((u) => u.after.status),
          updates.map((u) => u.after.decisionReason),
          updates.map((u) => u.after.closedAt),
          updates.map((u) => u.after.clearedAt),
          toJsonb(updates.map((u) => u.after.evidence)),
        ],
      );
      await this.appendEvents(
        tx,
        updates.map((u) => ({ flagId: u.after.id, ...u.event, ...SYSTEM })),
      );
    }
    await this.upsertRollups(
      tx,
      flagRollupDelta(
        [
          ...inserted.map((r) => factsOf({ ...r, status: 'open', closedAt: null, decidedAt: null })),
          ...updates.map((u) => factsOf(u.after)),
        ],
        updates.map((u) => factsOf(u.before)),
      ),
    );
    return inserted.map(toRaised);
  }

  private async insert(tx: EntityManager, candidates: FlagCandidate[]): Promise<InsertedFlag[]> {
    if (candidates.length === 0) return [];
    const col = <T>(fn: (c: FlagCandidate) => T) => candidates.map(fn);
    const rows: Array<Record<string, any>> = await tx.query(
      `WITH ins AS (
         INSERT INTO flag (conversation_id, source, rule_id, rule_version, kind, severity, severity_rank, label,
                           reason, evidence, team, channel, conversation_ended_at, raised_at)
         -- raised_at in whole milliseconds: the queue's cursor carries it as a JavaScript time.
         SELECT v.conversation_id, v.source, v.rule_id, v.rule_version, v.kind, v.severity, v.severity_rank,
                v.label, v.reason, e.evidence::jsonb, c.team, c.channel, c.ended_at, date_trunc('milliseconds', now())
           FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[],
                       $7::int2[], $8::varchar[], $9::text[])
                  WITH ORDINALITY AS v(conversation_id, source, rule_id, rule_version, kind, severity,
                                       severity_rank, label, reason, n)
           JOIN json_array_elements($10::json) WITH ORDINALITY AS e(evidence, n) USING (n)
           JOIN conversation c ON c.id = v.conversation_id
         ON CONFLICT (conversation_id, source, rule_id) DO NOTHING
         RETURNING id, conversation_id, source, rule_id, rule_version, severity, label, team, channel, raised_at
       ), history AS (
         INSERT INTO flag_event (flag_id, kind, actor, details)
         SELECT id, 'raised', 'system', jsonb_build_object('ruleVersion', rule_version, 'severity', severity) FROM ins
       )
       SELECT * FROM ins`,
      [
        col((c) => c.conversationId),
        col((c) => c.source),
        col((c) => clip(c.ruleId, 200)),
        col((c) => clip(c.ruleVersion, 100)),
        col((c) => clip(c.kind, 40)),
        col((c) => c.severity),
        col((c) => c.severityRank),
        col((c) => clip(c.label, 300)),
        col((c) => c.reason),
        toJsonb(col((c) => c.evidence)),
      ],
    );
    return rows.map((r) => ({
      id: r.id,
      conversationId: r.conversation_id,
      source: r.source,
      ruleId: r.rule_id,
      severity: r.severity,
      label: r.label,
      team: r.team,
      channel: r.channel,
      raisedAt: r.raised_at,
    }));
  }

  private async appendEvents(
    tx: EntityManager,
    events: Array<{
      flagId: string;
      kind: string;
      actor: string;
      actorId: string | null;
      details: Record<string, unknown>;
    }>,
  ): Promise<void> {
    if (events.length === 0) return;
    await tx.query(
      `INSERT INTO flag_event (flag_id, kind, actor, actor_id, details)
       SELECT v.flag_id, v.kind, v.actor, v.actor_id, e.details::jsonb
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::uuid[]) WITH ORDINALITY AS v(flag_id, kind, actor, actor_id, n)
         JOIN json_array_elements($5::json) WITH ORDINALITY AS e(details, n) USING (n)`,
      [
        events.map((e) => e.flagId),
        events.map((e) => e.kind),
        events.map((e) => clip(e.actor, 400)),
        events.map((e) => e.actorId),
        toJsonb(events.map((e) => e.details)),
      ],
    );
  }

  private async upsertRollups(tx: EntityManager, rows: FlagRollupRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO flag_rollup (granularity, bucket, team, source, rule_id, severity,
                                ${FLAG_ROLLUP_COUNTERS.map((c) => c.column).join(', ')})
       SELECT * FROM unnest($1::varchar[], $2::timestamptz[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[],
                            ${FLAG_ROLLUP_COUNTERS.map((c, i) => `$${i + 7}::${c.sqlType}[]`).join(', ')})
       ON CONFLICT (granularity, bucket, team, source, rule_id, severity) DO UPDATE SET
         ${FLAG_ROLLUP_COUNTERS.map((c) => `${c.column} = flag_rollup.${c.column} + excluded.${c.column}`).join(', ')}`,
      [
        rows.map((r) => r.granularity),
        rows.map((r) => r.bucket),
        rows.map((r) => r.team),
        rows.map((r) => r.source),
        rows.map((r) => clip(r.ruleId, 200)),
        rows.map((r) => r.severity),
        ...FLAG_ROLLUP_COUNTERS.map(({ key }) => rows.map((r) => r[key])),
      ],
    );
  }

  // ---- the review queue ---------------------------------------------------------------------------

  /**
   * A page of flags in the queue's order (severity, then oldest first), after `after` (a keyset, so
   * a page stays right while flags are raised), with the total the filters match. `teams`: only
   * flags of these teams (a user limited to teams); null for every team.
   */
  async list(
    filter: FlagFilter,
    teams: readonly string[] | null,
    limit: number,
    after?: FlagCursor,
  ): Promise<{ items: FlagRecord[]; total: number; next: FlagCursor | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (teams) where.push(`f.team = ANY(${param(teams)}::varchar[])`);
    if (filter.statuses?.length) where.push(`f.status = ANY(${param(filter.statuses)}::varchar[])`);
    if (filter.severities?.length) where.push(`f.severity = ANY(${param(filter.severities)}::varchar[])`);
    if (filter.ruleId) where.push(`f.rule_id = ${param(filter.ruleId)}`);
    if (filter.team) where.push(`f.team = ${param(filter.team)}`);
    if (filter.channel) where.push(`f.channel = ${param(filter.channel)}`);
    if (filter.source) where.push(`f.source = ${param(filter.source)}`);
    if (filter.assigneeId === null) where.push(`f.assignee_id IS NULL`);
    else if (filter.assigneeId) where.push(`f.assignee_id = ${param(filter.assigneeId)}::uuid`);
    if (filter.from) where.push(`f.raised_at >= ${param(filter.from)}`);
    if (filter.to) where.push(`f.raised_at < ${param(filter.to)}`);
    if (filter.raisedBefore) where.push(`f.raised_at < ${param(filter.raisedBefore)}`);
    const countWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const countParams = [...params];
    if (after) {
      where.push(
        `(f.severity_rank < ${param(after.severityRank)} OR (f.severity_rank = $${params.length} AND
          (f.raised_at, f.id) > (${param(after.raisedAt)}::timestamptz, ${param(after.id)}::uuid)))`,
      );
    }
    const pageWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${FLAG_COLUMNS} FROM ${FLAG_FROM} ${pageWhere}
          ORDER BY f.severity_rank DESC, f.raised_at, f.id LIMIT ${param(limit + 1)}`,
        params,
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM flag f ${countWhere}`, countParams),
    ]);
    const items = (rows as Array<Record<string, any>>).slice(0, limit).map(toRecord);
    const last = items[items.length - 1];
    return {
      items,
      total,
      next:
        rows.length > limit && last
          ? { severityRank: last.severityRank, raisedAt: last.raisedAt.toISOString(), id: last.id }
          : null,
    };
  }

  async find(id: string): Promise<FlagRecord | null> {
    const rows = await this.dataSource.query(
      `SELECT ${FLAG_COLUMNS}, f.evidence FROM ${FLAG_FROM} WHERE f.id = $1`,
      [id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** A flag's history, oldest first; comments are the "commented" entries. */
  async history(flagId: string): Promise<{ history: FlagEvent[]; comments: FlagComment[] }> {
    const rows: Array<Record<string, any>> = await this.dataSource.query(
      `SELECT id::text AS id, at, kind, actor, actor_id, details FROM flag_event WHERE flag_id = $1 ORDER BY flag_event.id`,
      [flagId],
    );
    const history: FlagEvent[] = rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      kind: r.kind,
      actor: r.actor,
      actorId: r.actor_id,
      details: r.details,
    }));
    const comments: FlagComment[] = history
      .filter((e) => e.kind === 'commented')
      .map((e) => ({
        id: e.id,
        at: e.at,
        author: e.actor,
        authorId: e.actorId,
        text: String(e.details.text ?? ''),
      }));
    return { history, comments };
  }

  /**
   * A reviewer's action, in one transaction: the flag is locked, `decide` (the service's rules) says
   * what changes — or throws to refuse — and the change, its history entry and the rollup difference
   * are written together. A change of fields bumps the version; a comment alone does not. Null when
   * there is no such flag.
   */
  async change(
    id: string,
    by: FlagActor,
    decide: (flag: FlagRecord) => FlagChange,
  ): Promise<FlagRecord | null> {
    return this.dataSource.transaction(async (tx) => {
      const rows = await tx.query(
        `SELECT ${FLAG_COLUMNS}, f.evidence FROM ${FLAG_FROM} WHERE f.id = $1 FOR UPDATE OF f`,
        [id],
      );
      if (!rows[0]) return null;
      const before = toRecord(rows[0]);
      const change = decide(before);
      const set = change.set ?? {};
      const fields = Object.keys(set) as Array<keyof NonNullable<FlagChange['set']>>;
      if (fields.length) {
        const columns: Record<string, string> = {
          status: 'status',
          decisionReason: 'decision_reason',
          decidedAt: 'decided_at',
          closedAt: 'closed_at',
          assigneeId: 'assignee_id',
        };
        const params: unknown[] = [id];
        const assignments = fields.map((field) => `${columns[field]} = $${params.push(set[field] ?? null)}`);
        await tx.query(
          `UPDATE flag SET ${assignments.join(', ')}, updated_at = now(), version = version + 1 WHERE id = $1`,
          params,
        );
      }
      await this.appendEvents(tx, [{ flagId: id, ...change.event, ...by }]);
      const after: FlagRecord = {
        ...before,
        ...(set.status !== undefined ? { status: set.status } : {}),
        ...(set.decisionReason !== undefined ? { decisionReason: set.decisionReason } : {}),
        ...(set.decidedAt !== undefined ? { decidedAt: set.decidedAt } : {}),
        ...(set.closedAt !== undefined ? { closedAt: set.closedAt } : {}),
      };
      await this.upsertRollups(tx, flagRollupDelta([factsOf(after)], [factsOf(before)]));
      const reread = await tx.query(`SELECT ${FLAG_COLUMNS}, f.evidence FROM ${FLAG_FROM} WHERE f.id = $1`, [
        id,
      ]);
      return toRecord(reread[0]);
    });
  }

  /** A user a flag may be assigned to: their role (the service checks it may work flags), if active. */
  async assignable(userId: string): Promise<{ id: string; role: UserRole; active: boolean } | null> {
    const rows = await this.dataSource.query(
      `SELECT id, role, disabled_at IS NULL AS active FROM app_user WHERE id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  // ---- the compliance overview --------------------------------------------------------------------

  /** Rollup rows of [from, to) per bucket, rule and severity (teams summed; `teams` narrows). */
  async overviewRows(
    granularity: FlagGranularity,
    from: Date,
    to: Date,
    teams: readonly string[] | null,
  ): Promise<FlagOverviewRow[]> {
    const rows: Array<Record<string, any>> = await this.dataSource.query(
      `SELECT bucket, rule_id, severity, ${SUMS} FROM flag_rollup
        WHERE granularity = $1 AND bucket >= $2 AND bucket < $3 AND ($4::varchar[] IS NULL OR team = ANY($4::varchar[]))
        GROUP BY bucket, rule_id, severity ORDER BY bucket`,
      [granularity, from, to, teams],
    );
    return rows.map(toOverviewRow);
  }

  /** What was raised and closed before `before`, per rule and severity: the open count it starts from. */
  async openBefore(
    before: Date,
    teams: readonly string[] | null,
  ): Promise<Array<{ ruleId: string; severity: Severity; open: number }>> {
    // Day rows up to the last whole day, hour rows after it: the same counts in fewer rows.
    const day = new Date(Math.floor(before.getTime() / 86_400_000) * 86_400_000);
    const rows: Array<Record<string, any>> = await this.dataSource.query(
      `SELECT rule_id, severity, sum(raised - closed)::int AS open FROM flag_rollup
        WHERE ((granularity = 'day' AND bucket < $1) OR (granularity = 'hour' AND bucket >= $1 AND bucket < $2))
          AND ($3::varchar[] IS NULL OR team = ANY($3::varchar[]))
        GROUP BY rule_id, severity`,
      [day, before, teams],
    );
    return rows.map((r) => ({ ruleId: r.rule_id, severity: r.severity, open: r.open }));
  }

  /** The newest label of each rule (the rollups keep ids only). */
  async ruleLabels(ruleIds: string[]): Promise<Map<string, string>> {
    if (ruleIds.length === 0) return new Map();
    const rows: Array<{ rule_id: string; label: string }> = await this.dataSource.query(
      `SELECT DISTINCT ON (rule_id) rule_id, label FROM flag WHERE rule_id = ANY($1::varchar[])
        ORDER BY rule_id, updated_at DESC`,
      [ruleIds],
    );
    return new Map(rows.map((r) => [r.rule_id, r.label]));
  }
}

const SUMS = FLAG_ROLLUP_COUNTERS.map(
  (c) => `sum(${c.column})::${c.sqlType === 'int' ? 'int' : 'float8'} AS "${c.key}"`,
).join(', ');

function toOverviewRow(r: Record<string, any>): FlagOverviewRow {
  return {
    bucket: r.bucket,
    ruleId: r.rule_id,
    severity: r.severity,
    raised: r.raised,
    closed: r.closed,
    confirmed: r.confirmed,
    dismissed: r.dismissed,
    escalated: r.escalated,
    decisions: r.decisions,
    decisionSeconds: r.decisionSeconds,
  };
}

interface InsertedFlag {
  id: string;
  conversationId: string;
  source: string;
  ruleId: string;
  severity: Severity;
  label: string;
  team: string | null;
  channel: string;
  raisedAt: Date;
}

function toRaised(r: InsertedFlag): RaisedFlag {
  return {
    id: r.id,
    conversationId: r.conversationId,
    source: r.source as FlagSource,
    ruleId: r.ruleId,
    label: r.label,
    severity: r.severity,
    team: r.team,
    channel: r.channel,
    raisedAt: r.raisedAt.toISOString(),
  };
}
