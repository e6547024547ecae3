import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RescoreStatus } from '@vigil/contracts';

/** A background rescoring of the conversations that ended in a period, with its progress. */
@Entity('rescore_run')
export class RescoreRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'from_at', type: 'timestamptz' })
  fromAt: Date;

  @Column({ name: 'to_at', type: 'timestamptz' })
  toAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: RescoreStatus;

  /** Conversations in the period when the run started, and how many are rescored so far. */
  @Column({ type: 'int', default: 0 })
  total: number;

  @Column({ type: 'int', default: 0 })
  done: number;

  /** The engine configuration version the run scores with. */
  @Column({ name: 'config_version', type: 'int', nullable: true })
  configVersion: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'requested_by', type: 'varchar', length: 320, nullable: true })
  requestedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
