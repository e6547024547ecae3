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

  /**
   * Sends each subscription not sent since `since` through `send`, one at a time. Its row stays
   * locked (FOR UPDATE SKIP LOCKED) while `send` runs and is marked sent in the same transaction,
   * so two workers processes never send one twice; one whose `send` fails stays due for the next
   * call and does not stop the others. (A process that dies after the mail left but before the
   * commit sends it again: at least once, never twice otherwise.) Returns how many were sent.
   */
  async sendDue(
    since: Date,
    send: (subscription: ReportSubscription) => Promise<void>,
    onError: (subscription: ReportSubscription, error: unknown) => void,
  ): Promise<number> {
    // Each is tried once per call, sent or not: a clock behind `since` cannot loop here.
    const tried: string[] = [];
    let sent = 0;
    for (;;) {
      const outcome = await this.dataSource.transaction(async (manager) => {
        const [row] = await manager.query(
          `SELECT * FROM report_subscription
            WHERE (last_sent_at IS NULL OR last_sent_at < $1) AND NOT (id = ANY($2::uuid[]))
            ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [since, tried],
        );
        if (!row) return 'none' as const;
        const subscription = toSubscription(row);
        tried.push(subscription.id);
        try {
          await send(subscription);
        } catch (error) {
          onError(subscription, error);
          return 'failed' as const;
        }
        await manager.query(`UPDATE report_subscription SET last_sent_at = now() WHERE id = $1`, [row.id]);
        return 'sent' as const;
      });
      if (outcome === 'none') return sent;
      if (outcome === 'sent') sent++;
    }
  }

  async markSent(id: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE report_subscription SET last_sent_at = $2 WHERE id = $1`, [id, at]);
  }
}
