import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CoachingNoteKind } from '@vigil/contracts';

/** A trainer's note or goal for an agent; the author is kept as written (an e-mail), like the audit log's actor. */
@Entity('coaching_note')
@Index('coaching_note_agent_idx', ['agentId', 'createdAt'])
export class CoachingNoteEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_coaching_note' })
  id: string;

  @Column({ name: 'agent_id', type: 'varchar', length: 200 })
  agentId: string;

  @Column({ type: 'varchar', length: 8 })
  kind: CoachingNoteKind;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 400 })
  author: string;

  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
