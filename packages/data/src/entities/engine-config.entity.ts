import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EngineConfig } from '@vigil/contracts';

/** One version of the scoring engine's configuration; the highest version is the one in force. */
@Entity('engine_config')
export class EngineConfigEntity {
  @PrimaryGeneratedColumn('increment')
  version: number;

  @Column({ type: 'jsonb' })
  config: EngineConfig;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 320, nullable: true })
  createdBy: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;
}
