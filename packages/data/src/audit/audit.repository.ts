import type { DataSource } from 'typeorm';
import type { AuditAction, AuditEntry } from '@vigil/contracts';

export interface NewAuditEntry {
  actor: string;
  actorId?: string | null;
  action: AuditAction;
  target?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/** Which entries to read. Every field narrows; none given, the whole log. */
export interface AuditFilter {
  /** From this time on (inclusive) … */
  from?: Date;
  /** … until this time (exclusive). */
  to?: Date;
  /** One action (`key.created`), or every action of an area when it ends with a dot (`user.`). */
  action?: string;
  /** Part of who did it, in any case. */
  actor?: string;
  /** What was acted on, or the start of it (`key:` for every key). */
  target?: string;
}

interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  actor_id: string | null;
  action: AuditAction;
  target: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: r.at.toISOString(),
  actor: r.actor,
  actorId: r.actor_id,
  action: r.action,
  target: r.target,
  ip: r.ip,
  details: r.details,
});

/** `text` as a LIKE pattern that matches it literally. */
const literal = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** How many entries an export reads per query while it streams. */
const EXPORT_BATCH = 1000;

/** The audit log: appended to, read back; never changed (the table's trigger refuses it). */
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async append(entry: NewAuditEntry): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO audit_log (actor, actor_id, action, target, ip, details) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        entry.actor.slice(0, 400),
        entry.actorId ?? null,
        entry.action,
        entry.target?.slice(0, 400) ?? null,
        entry.ip?.slice(0, 64) ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }

  /**
   * Newest first, `limit` entries older than the entry `before` (a keyset on the id, so a page stays
   * right while entries are added); `next` is the cursor of the following page, null on the last.
   */
  async page(
    filter: AuditFilter,
    limit: number,
    before?: string,
  ): Promise<{ entries: AuditEntry[]; next: string | null }> {
    const rows = await this.query(filter, limit + 1, before);
    const entries = rows.slice(0, limit).map(toEntry);
    return { entries, next: rows.length > limit ? entries[entries.length - 1]!.id : null };
  }

  /** Every entry the filter matches, newest first, read a batch at a time (for exports of any size). */
  async *stream(filter: AuditFilter): AsyncGenerator<AuditEntry> {
    let before: string | undefined;
    for (;;) {
      const rows = await this.query(filter, EXPORT_BATCH, before);
      for (const row of rows) yield toEntry(row);
      if (rows.length < EXPORT_BATCH) return;
      before = rows[rows.length - 1]!.id;
    }
  }

  private query(filter: AuditFilter, limit: number, before?: string): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.from) where.push(`at >= ${param(filter.from)}`);
    if (filter.to) where.push(`at < ${param(filter.to)}`);
    if (filter.action?.endsWith('.')) where.push(`action LIKE ${param(`${literal(filter.action)}%`)}`);
    else if (filter.action) where.push(`action = ${param(filter.action)}`);
    if (filter.actor) where.push(`actor ILIKE ${param(`%${literal(filter.actor)}%`)}`);
    if (filter.target) where.push(`target LIKE ${param(`${literal(filter.target)}%`)}`);
    if (before) where.push(`id < ${param(before)}::bigint`);
    return this.dataSource.query(
      // Ordered by the bigint column, not by the text it is returned as (10 < 9 in text).
      `SELECT id::text AS id, at, actor, actor_id, action, target, ip, details FROM audit_log
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY audit_log.id DESC LIMIT ${param(limit)}`,
      params,
    );
  }
}
