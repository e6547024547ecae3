import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type {
  AlertChannel,
  AlertChannelKind,
  AlertDeliveryStatus,
  AlertPayload,
  AlertRuleTrigger,
} from '@vigil/contracts';

/** An alert rule: what to watch (trigger) and where to send it (channels, webhook secrets included). */
@Entity('alert_rule')
export class AlertRuleEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_alert_rule' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'jsonb' })
  trigger: AlertRuleTrigger;

  @Column({ type: 'jsonb' })
  channels: AlertChannel[];

  @Column({ name: 'quiet_minutes', type: 'int' })
  quietMinutes: number;

  @Column({ name: 'created_by', type: 'varchar', length: 400 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_by', type: 'varchar', length: 400, nullable: true })
  updatedBy: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/**
 * One message of one rule about one event to one of its channels, and what became of it. Unique per
 * rule, event and channel (the deduplication); the rule's name is copied so the log outlives the rule
 * (no foreign key: deleting a rule keeps its log).
 */
@Entity('alert_delivery')
@Unique('alert_delivery_event_key', ['ruleId', 'eventKey', 'channelIndex'])
// The quiet period's question: did this rule fire for this series lately?
@Index('alert_delivery_quiet_idx', ['ruleId', 'seriesKey', 'createdAt'])
@Index('alert_delivery_created_at_idx', ['createdAt'])
export class AlertDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_alert_delivery' })
  id: string;

  @Column({ name: 'rule_id', type: 'uuid' })
  ruleId: string;

  @Column({ name: 'rule_name', type: 'varchar', length: 200 })
  ruleName: string;

  @Column({ name: 'event_key', type: 'varchar', length: 300 })
  eventKey: string;

  @Column({ name: 'series_key', type: 'varchar', length: 600 })
  seriesKey: string;

  @Column({ name: 'channel_index', type: 'smallint' })
  channelIndex: number;

  @Column({ type: 'varchar', length: 16 })
  channel: AlertChannelKind;

  @Column({ type: 'varchar', length: 2000 })
  target: string;

  @Column({ type: 'jsonb' })
  payload: AlertPayload;

  @Column({ type: 'varchar', length: 16 })
  status: AlertDeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'response_code', type: 'int', nullable: true })
  responseCode: number | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
