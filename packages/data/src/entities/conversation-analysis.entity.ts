import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import type { AnalyzerName, AnalyzerOutput } from '@vigil/contracts';
import { ConversationEntity } from './conversation.entity';

/** One analyzer's output for one conversation; rescoring replaces it. */
@Entity('conversation_analysis')
export class ConversationAnalysisEntity {
  @PrimaryColumn({ name: 'conversation_id', type: 'uuid' })
  @ForeignKey(() => ConversationEntity, {
    onDelete: 'CASCADE',
    name: 'conversation_analysis_conversation_fk',
  })
  conversationId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  analyzer: AnalyzerName;

  @Column({ type: 'varchar', length: 32 })
  version: string;

  /** json, not jsonb: written and read whole, never queried inside (see the migration AnalysisOutputJson). */
  @Column({ type: 'json' })
  output: AnalyzerOutput<unknown>;

  @Column({ name: 'scored_at', type: 'timestamptz', default: () => 'now()' })
  scoredAt: Date;
}
