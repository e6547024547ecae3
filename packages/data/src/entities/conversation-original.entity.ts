import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { ConversationEntity } from './conversation.entity';

/**
 * A conversation's original message texts, before masking, encrypted with AES-256-GCM (a JSON
 * array of the texts; the additional data binds it to the conversation's source and external id).
 * Written only when the operator keeps originals (VIGIL_PII_KEEP_ORIGINALS), and only for a
 * conversation that had something masked.
 */
@Entity('conversation_original')
export class ConversationOriginalEntity {
  @PrimaryColumn({
    name: 'conversation_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_conversation_original',
  })
  @ForeignKey(() => ConversationEntity, {
    onDelete: 'CASCADE',
    name: 'conversation_original_conversation_fk',
  })
  conversationId: string;

  @Column({ type: 'bytea' })
  iv: Buffer;

  @Column({ type: 'bytea' })
  tag: Buffer;

  @Column({ type: 'bytea' })
  ciphertext: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
