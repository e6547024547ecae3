import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A job that runs in the background and is watched from the dashboard: rescoring a period, topic
 * discovery (reports, erasure and backfills next). One table for every kind: what it was asked to
 * do (params), how far it got (done of total), what it found (result), and how it ended.
 */
@Entity('background_run')
@Index('background_run_kind_created_idx', ['kind', 'createdAt'])
export class BackgroundRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** What runs: see BackgroundRunKinds. */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  /** queued → running → done or failed. */
  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  params: object;

  @Column({ type: 'int', default: 0 })
  done: number;

  @Column({ type: 'int', default: 0 })
  total: number;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  result: object;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** E-mail of who asked, or null for a scheduled run. */
  @Column({ name: 'requested_by', type: 'varchar', length: 320, nullable: true })
  requestedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
