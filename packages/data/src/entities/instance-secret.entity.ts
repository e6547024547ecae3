import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A secret of this installation, made by a migration and never shown: `erasure-subject` keys the
 * hash that names an erased customer in the records.
 */
@Entity('instance_secret')
export class InstanceSecretEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  value: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
