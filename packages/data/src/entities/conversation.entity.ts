import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Channel, Conversation, ConversationStatus } from '@vigil/contracts';

@Entity('conversation')
@Unique('conversation_source_external_id_key', ['source', 'externalId'])
@Index('conversation_ended_at_idx', ['endedAt'])
@Index('conversation_team_ended_at_idx', ['team', 'endedAt'])
@Index('conversation_channel_ended_at_idx', ['channel', 'endedAt'])
// One agent's conversations (coaching reports): a GIN index on agent_ids (migration 1796630000000),
// a kind TypeORM does not describe, so it is named here and left alone by the schema comparison.
@Index('conversation_agent_ids_idx', { synchronize: false })
// The re-queue sweep reads only conversations that are not done yet.
@Index('conversation_unscored_idx', ['receivedAt'], { where: `status IN ('received', 'queued')` })
// An erasure finds a customer's conversations by their id.
@Index('conversation_customer_id_idx', ['customerId'], { where: 'customer_id IS NOT NULL' })
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  source: string;

  @Column({ name: 'external_id', type: 'varchar', length: 200 })
  externalId: string;

  @Column({ type: 'varchar', length: 16 })
  channel: Channel;

  @Column({ type: 'varchar', length: 16, nullable: true })
  language: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  team: string | null;

  @Column({ name: 'agent_ids', type: 'text', array: true, default: () => `'{}'` })
  agentIds: string[];

  @Column({ name: 'customer_id', type: 'varchar', length: 200, nullable: true })
  customerId: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz' })
  endedAt: Date;

  @Column({ name: 'message_count', type: 'int' })
  messageCount: number;

  /** The conversation as validated at ingest. */
  @Column({ type: 'jsonb' })
  content: Conversation;

  @Column({ type: 'varchar', length: 16, default: 'received' })
  status: ConversationStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Denormalised from the sentiment analysis so lists can filter and sort on it. */
  @Column({ name: 'customer_sentiment', type: 'double precision', nullable: true })
  customerSentiment: number | null;

  /** QA score (0–100), the topics assigned and the customer signals present: for filters and rescoring. */
  @Column({ name: 'qa_score', type: 'double precision', nullable: true })
  qaScore: number | null;

  @Column({ name: 'topic_keys', type: 'text', array: true, default: () => `'{}'` })
  topicKeys: string[];

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  signals: string[];

  /** The QA outcomes counted in the rollups' qa_criteria, as "criterion:met" / "criterion:not_met". */
  @Column({ name: 'qa_outcomes', type: 'text', array: true, default: () => `'{}'` })
  qaOutcomes: string[];

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true })
  queuedAt: Date | null;

  @Column({ name: 'scored_at', type: 'timestamptz', nullable: true })
  scoredAt: Date | null;

  /**
   * When the retention run emptied the text and the customer's details (the row stays, so lists and
   * rollups still count it). Rescoring leaves such a conversation alone: there is nothing to score.
   */
  @Column({ name: 'text_expired_at', type: 'timestamptz', nullable: true })
  textExpiredAt: Date | null;

  /** When the retention run deleted its analyses; the summary facts above stay, as the rollups do. */
  @Column({ name: 'scores_expired_at', type: 'timestamptz', nullable: true })
  scoresExpiredAt: Date | null;
}
