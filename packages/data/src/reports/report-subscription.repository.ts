import type { DataSource } from 'typeorm';

/** A weekly coaching report for an agent or a team, e-mailed to its recipients. */
export interface ReportSubscription {
  id: string;
  subject: { kind: 'agent' | 'team'; id: string };
  recipients: string[];
  /** The teams its creator could see when subscribing (null: every team): the report's scope. */
  teams: string[] | null;
  createdBy: string;
  createdById: string | null;
  createdAt: Date;
  lastSentAt: Date | null;
}

export interface NewReportSubscription {
  subject: { kind: 'agent' | 'team'; id: string };
  recipients: string[];
  teams: readonly string[] | null;
  createdBy: string;
  createdById: string | null;
}

function toSubscription(r: Record<string, any>): ReportSubscription {
  return {
    id: r.id,
    subject: { kind: r.subject_kind, id: r.subject },
    recipients: r.recipients,
    teams: r.teams,
    createdBy: r.created_by,
    createdById: r.created_by_id,
    createdAt: new Date(r.created_at),
    lastSentAt: r.last_sent_at ? new Date(r.last_sent_at) : null,
  };
}

/** Subscriptions to the weekly coaching report. */
export class ReportSubscriptionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(s: NewReportSubscription): Promise<ReportSubscription> {
    const [row] = await this.dataSource.query(
      `INSERT INTO report_subscription (subject_kind, subject, recipients, teams, created_by, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [s.subject.kind, s.subject.id, s.recipients, s.teams, s.createdBy, s.createdById],
    );
    return toSubscription(row);
  }

  async find(id: string): Promise<ReportSubscription | null> {
    const [row] = await this.dataSource.query(`SELECT * FROM report_subscription WHERE id = $1`, [id]);
    return row ? toSubscription(row) : null;
  }

  /**
   * Every subscription, newest first; with `teams` (a reader limited to teams) only those whose
   * scope lies within them (a team subscription of one of their teams, or one made within them).
   */
  async list(teams: readonly string[] | null = null): Promise<ReportSubscription[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM report_subscription
        WHERE $1::text[] IS NULL OR (teams IS NOT NULL AND teams <@ $1::text[])
           OR (subject_kind = 'team' AND subject = ANY($1::text[]))
        ORDER BY created_at DESC, id`,
      [teams],
    );
    return rows.map(toSubscription);
  }

  async delete(id: string): Promise<boolean> {
    // Counted by a SELECT: TypeORM answers a bare DELETE … RETURNING with [rows, count].
    const [row]: Array<{ n: number }> = await this.dataSource.query(
      `WITH gone AS (DELETE FROM report_subscription WHERE id = $1 RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [id],
    );
    return row!.n > 0;
  }

  async markSent(id: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE report_subscription SET last_sent_at = $2 WHERE id = $1`, [id, at]);
  }
}
