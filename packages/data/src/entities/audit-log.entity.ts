import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditAction } from '@vigil/contracts';

/**
 * One audited action. Append-only: a trigger (migration 1796500000000) refuses UPDATE, DELETE and
 * TRUNCATE, so not even a bug in the app, or someone with its database role, can rewrite the record.
 */
@Entity('audit_log')
@Index('audit_log_action_at_idx', ['action', 'at'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Index('audit_log_at_idx')
  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'varchar', length: 400 })
  actor: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: AuditAction;

  @Column({ type: 'varchar', length: 400, nullable: true })
  target: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'jsonb', default: {} })
  details: Record<string, unknown>;
}
