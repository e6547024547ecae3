import type { DataSource } from 'typeorm';
import type { AuditAction } from '@vigil/contracts';

export interface NewAuditEntry {
  actor: string;
  actorId?: string | null;
  action: AuditAction;
  target?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

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
}
