import { Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Evidence, FlagSource, FlagStatus, Severity } from '@vigil/contracts';
import { ConversationEntity } from './conversation.entity';
import { UserEntity } from './user.entity';

/**
 * A flag of the review queue: one per conversation, source and rule (rescoring updates it). Team,
 * channel and the conversation's end are copied from the conversation so the queue filters and
 * scopes by team without a join.
 */
@Entity('flag')
@Unique('flag_conversation_rule_key', ['conversationId', 'source', 'ruleId'])
// The queue's order: highest severity first, oldest first within it.
@Index('flag_queue_idx', ['status', 'severityRank', 'raisedAt'])
@Index('flag_team_raised_at_idx', ['team', 'raisedAt'])
@Index('flag_rule_idx', ['ruleId'])
@Index('flag_assignee_idx', ['assigneeId'])
export class FlagEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  @ForeignKey(() => ConversationEntity, { onDelete: 'CASCADE', name: 'flag_conversation_fk' })
  conversationId: string;

  @Column({ type: 'varchar', length: 16, default: 'policy' })
  source: FlagSource;

  @Column({ name: 'rule_id', type: 'varchar', length: 200 })
  ruleId: string;

  @Column({ name: 'rule_version', type: 'varchar', length: 100 })
  ruleVersion: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'varchar', length: 16 })
  severity: Severity;

  /** SEVERITY_RANK of the severity, so the queue sorts by it. */
  @Column({ name: 'severity_rank', type: 'smallint' })
  severityRank: number;

  @Column({ type: 'varchar', length: 300 })
  label: string;

  @Column({ type: 'text' })
  reason: string;

  /** The violation's evidence as scoring found it (quotes included). */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  evidence: Evidence[];

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: FlagStatus;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;

  /** A reviewer's last decision (confirmed, dismissed, escalated); null for none, or closed by rescoring. */
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** When it stopped awaiting a decision (decided, or closed because rescoring no longer raises it). */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** When the latest scoring stopped raising it; null while it does. */
  @Column({ name: 'cleared_at', type: 'timestamptz', nullable: true })
  clearedAt: Date | null;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL', name: 'flag_assignee_fk' })
  assigneeId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  team: string | null;

  @Column({ type: 'varchar', length: 16 })
  channel: string;

  @Column({ name: 'conversation_ended_at', type: 'timestamptz' })
  conversationEndedAt: Date;

  @Column({ name: 'raised_at', type: 'timestamptz', default: () => 'now()' })
  raisedAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** Up by one with every change: a stale decision (made on another version) is refused. */
  @Column({ type: 'int', default: 1 })
  version: number;
}

/** A flag's history, comments included: who did what, when. Appended to, never changed. */
@Entity('flag_event')
@Index('flag_event_flag_idx', ['flagId', 'id'])
export class FlagEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'flag_id', type: 'uuid' })
  @ForeignKey(() => FlagEntity, { onDelete: 'CASCADE', name: 'flag_event_flag_fk' })
  flagId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'varchar', length: 400 })
  actor: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'jsonb', default: {} })
  details: Record<string, unknown>;
}

/**
 * The compliance overview's counters, kept as flags are raised and decided (never scanned from the
 * flags): per hour and day bucket, team ('' for none), source, rule and severity — raised (by when
 * raised), closed (by when it stopped awaiting a decision), each outcome and the time to decision
 * (by when decided).
 */
@Entity('flag_rollup')
export class FlagRollupEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  granularity: 'hour' | 'day';

  @PrimaryColumn({ type: 'timestamptz' })
  bucket: Date;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  team: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  source: string;

  @PrimaryColumn({ name: 'rule_id', type: 'varchar', length: 200 })
  ruleId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  severity: string;

  @Column({ type: 'int', default: 0 })
  raised: number;

  @Column({ type: 'int', default: 0 })
  closed: number;

  @Column({ type: 'int', default: 0 })
  confirmed: number;

  @Column({ type: 'int', default: 0 })
  dismissed: number;

  @Column({ type: 'int', default: 0 })
  escalated: number;

  @Column({ type: 'int', default: 0 })
  decisions: number;

  @Column({ name: 'decision_seconds', type: 'double precision', default: 0 })
  decisionSeconds: number;
}
