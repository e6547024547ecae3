import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An ingestion API key. Only its SHA-256 is stored; the key itself is shown once. */
@Entity('api_key')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index('api_key_key_hash_key', { unique: true })
  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash: string;

  /** The first characters, so an admin can tell keys apart. */
  @Column({ type: 'varchar', length: 12 })
  prefix: string;

  /** The only source this key may post conversations as; null for any. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  source: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 320, nullable: true })
  createdBy: string | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
