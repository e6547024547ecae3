import type { DataSource } from 'typeorm';
import type { CurrentUser, UserRole } from '@vigil/contracts';
import { ApiKeyEntity } from '../entities/api-key.entity';
import { SessionEntity } from '../entities/session.entity';
import { UserEntity } from '../entities/user.entity';

/** Users, their sessions and the ingest keys: what authentication reads and writes. */
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

  /** Store an ingest key by its hash unless it is stored already; true when it was added. */
  async addApiKeyIfAbsent(name: string, keyHash: string, prefix: string): Promise<boolean> {
    const inserted = await this.dataSource.query(
      `INSERT INTO api_key (name, key_hash, prefix) VALUES ($1, $2, $3)
       ON CONFLICT (key_hash) DO NOTHING RETURNING id`,
      [name, keyHash, prefix],
    );
    return inserted.length > 0;
  }

  /** The id of a key that exists and is not revoked. */
  async findActiveApiKey(keyHash: string): Promise<string | null> {
    const key = await this.dataSource
      .getRepository(ApiKeyEntity)
      .findOne({ where: { keyHash }, select: { id: true, revokedAt: true } });
    return key && !key.revokedAt ? key.id : null;
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
