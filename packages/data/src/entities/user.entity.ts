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

  /** The teams this user may see; null for every team. */
  @Column({ type: 'text', array: true, nullable: true })
  teams: string[] | null;

  /** How the user signs in: a local password, or single sign-on. */
  @Column({ type: 'varchar', length: 8, default: 'local' })
  source: 'local' | 'oidc';

  /** The OIDC provider's `sub` for this user, once they have signed in through it. */
  @Index('app_user_oidc_subject_key', { unique: true, where: '"oidc_subject" IS NOT NULL' })
  @Column({ name: 'oidc_subject', type: 'varchar', length: 255, nullable: true })
  oidcSubject: string | null;

  /** scrypt, with its parameters and salt: see password.ts. Null until an invited user sets one, and for OIDC users. */
  @Column({ name: 'password_hash', type: 'varchar', length: 300, nullable: true })
  passwordHash: string | null;

  @Column({ name: 'last_sign_in_at', type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;
}
