import type { DataSource } from 'typeorm';
import type { CurrentUser, UserRole } from '@vigil/contracts';
import { SessionEntity } from '../entities/session.entity';
import { UserEntity } from '../entities/user.entity';

/** Users and their sessions: what signing in reads and writes (ingest keys: IngestKeyRepository). */
export class AuthRepository {
  constructor(private readonly dataSource: DataSource) {}

  async userExists(email: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM app_user WHERE lower(email) = lower($1)`, [
      email,
    ]);
    return rows.length > 0;
  }

  /** An enabled user by e-mail (any case), with the password hash to check. */
  findEnabledUser(email: string): Promise<UserEntity | null> {
    return this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email) AND u.disabled_at IS NULL', { email })
      .getOne();
  }

  async createUser(user: {
    email: string;
    name: string;
    role: UserRole;
    passwordHash: string;
  }): Promise<CurrentUser> {
    const saved = await this.dataSource.getRepository(UserEntity).save(user);
    return {
      id: saved.id,
      email: saved.email,
      name: saved.name,
      role: saved.role,
      teams: saved.teams ?? null,
    };
  }

  /** The user a single sign-on subject (the provider's `sub`) belongs to, enabled or not. */
  findOidcUser(subject: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOne({ where: { oidcSubject: subject } });
  }

  /** Whoever holds this e-mail (any case), enabled or not. */
  findUserByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
  }

  /** A user who signs in only through single sign-on: no password. */
  async createOidcUser(user: {
    email: string;
    name: string;
    role: UserRole;
    teams: string[] | null;
    subject: string;
  }): Promise<UserEntity> {
    return this.dataSource.getRepository(UserEntity).save({
      email: user.email,
      name: user.name,
      role: user.role,
      teams: user.teams,
      source: 'oidc' as const,
      oidcSubject: user.subject,
      passwordHash: null,
    });
  }

  /** What single sign-on keeps in step with the provider: the link to its subject, role and teams. */
  async updateOidcUser(
    id: string,
    changes: { subject?: string; role?: UserRole; teams?: string[] | null },
  ): Promise<void> {
    const set: Partial<UserEntity> = {};
    if (changes.subject !== undefined) set.oidcSubject = changes.subject;
    if (changes.role !== undefined) set.role = changes.role;
    if (changes.teams !== undefined) set.teams = changes.teams;
    if (Object.keys(set).length) await this.dataSource.getRepository(UserEntity).update({ id }, set);
  }

  /** A new session, from where and with what it was opened; the user's last sign-in is now. */
  async createSession(
    tokenHash: string,
    userId: string,
    expiresAt: Date,
    client: { ip: string | null; userAgent: string | null },
  ): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.getRepository(SessionEntity).insert({
        tokenHash,
        userId,
        expiresAt,
        ip: client.ip?.slice(0, 64) ?? null,
        userAgent: client.userAgent?.slice(0, 300) ?? null,
      });
      await tx.query(`UPDATE app_user SET last_sign_in_at = now() WHERE id = $1`, [userId]);
    });
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.dataSource.getRepository(SessionEntity).delete({ tokenHash });
  }

  /** A user's sessions that have not expired, the most recently seen first. */
  listSessions(userId: string): Promise<SessionEntity[]> {
    return this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.expires_at > now()', { userId })
      .orderBy('s.last_seen_at', 'DESC')
      .addOrderBy('s.created_at', 'DESC')
      .getMany();
  }

  /**
   * End a user's sessions: all of them, all but one (`except`), or one (`only`). The ids of those
   * ended.
   */
  async deleteSessions(userId: string, which: { except?: string; only?: string } = {}): Promise<string[]> {
    const [rows]: [Array<{ id: string }>, number] = await this.dataSource.query(
      `DELETE FROM session WHERE user_id = $1
          AND ($2::uuid IS NULL OR id <> $2) AND ($3::uuid IS NULL OR id = $3)
        RETURNING id`,
      [userId, which.except ?? null, which.only ?? null],
    );
    return rows.map((r) => r.id);
  }

  /** The session was used just now (callers keep this to about once a minute per session). */
  async touchSession(sessionId: string): Promise<void> {
    await this.dataSource.query(`UPDATE session SET last_seen_at = now() WHERE id = $1`, [sessionId]);
  }

  /** The user of a session that has not expired, if the user is enabled. */
  async findSessionUser(tokenHash: string): Promise<{ sessionId: string; user: CurrentUser } | null> {
    const rows: Array<{
      session_id: string;
      id: string;
      email: string;
      name: string;
      role: UserRole;
      teams: string[] | null;
    }> = await this.dataSource.query(
      `SELECT s.id AS session_id, u.id, u.email, u.name, u.role, u.teams
           FROM session s JOIN app_user u ON u.id = s.user_id
          WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      sessionId: row.session_id,
      user: { id: row.id, email: row.email, name: row.name, role: row.role, teams: row.teams },
    };
  }
}
