import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The retention periods in force: one row (id 1), days per class of data, null for "keep forever". */
@Entity('retention_policy')
@Check('retention_policy_one_row', '"id" = 1')
@Check('retention_policy_audit_days', '"audit_days" IS NULL OR "audit_days" >= 365')
export class RetentionPolicyEntity {
  @PrimaryColumn({ type: 'smallint', default: 1 })
  id: number;

  @Column({ name: 'text_days', type: 'int', nullable: true })
  textDays: number | null;

  @Column({ name: 'scores_days', type: 'int', nullable: true })
  scoresDays: number | null;

  @Column({ name: 'flags_days', type: 'int', nullable: true })
  flagsDays: number | null;

  /** Read by the audit log's trigger too: it lets the retention run delete only entries older than this. */
  @Column({ name: 'audit_days', type: 'int', nullable: true })
  auditDays: number | null;

  /** Null while the periods are the shipped defaults. */
  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt: Date | null;

  @Column({ name: 'updated_by', type: 'varchar', length: 320, nullable: true })
  updatedBy: string | null;
}
