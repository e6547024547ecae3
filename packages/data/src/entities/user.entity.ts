import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { UserRole } from '@vigil/contracts';

@Entity('app_user')
@Index('app_user_email_key', { synchronize: false }) // unique on lower(email), created by the migration
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: UserRole;

  /** scrypt, with its parameters and salt: see password.ts. */
  @Column({ name: 'password_hash', type: 'varchar', length: 300 })
  passwordHash: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;
}
