import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DiscoveredTopic, DiscoveryStatus } from '@vigil/contracts';

/** A topic discovery over a period's unexplained conversations, with the candidates it found. */
@Entity('topic_discovery_run')
export class TopicDiscoveryRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'from_at', type: 'timestamptz' })
  fromAt: Date;

  @Column({ name: 'to_at', type: 'timestamptz' })
  toAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: DiscoveryStatus;

  @Column({ type: 'int', default: 0 })
  considered: number;

  @Column({ type: 'int', default: 0 })
  explained: number;

  @Column({ type: 'int', default: 0 })
  unclustered: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  candidates: DiscoveredTopic[];

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
