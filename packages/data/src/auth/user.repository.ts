import type { DataSource, EntityManager } from 'typeorm';
import type { CurrentUser, UserRole, UserSummary } from '@vigil/contracts';

/** What an admin may change of a user (the e-mail is who they are: not changed). */
export interface UserChange {
  name?: string;
  role?: UserRole;
  teams?: string[] | null;
  active?: boolean;
}

/** An invitation link as found by its token, with whom it is for. */
export interface FoundInvitation {
  userId: string;
  email: string;
  name: string;
  expiresAt: Date;
  usedAt: Date | null;
  /** Whether the user it is for is active (a deactivated user's links do not work). */
  userActive: boolean;
}

const SUMMARY_COLUMNS = `u.id, u.email, u.name, u.role, u.teams, u.source, u.created_at, u.last_sign_in_at,
  u.disabled_at,
  (SELECT max(i.expires_at) FROM invitation i WHERE i.user_id = u.id AND i.used_at IS NULL) AS invitation_expires_at`;

function toSummary(r: Record<string, any>): UserSummary {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    teams: r.teams,
    active: r.disabled_at === null,
    source: r.source,
    createdAt: new Date(r.created_at).toISOString(),
    lastSignInAt: r.last_sign_in_at ? new Date(r.last_sign_in_at).toISOString() : null,
    invitation: r.invitation_expires_at
      ? { expiresAt: new Date(r.invitation_expires_at).toISOString() }
      : null,
  };
}

const isActiveAdmin = (u: { role: UserRole; active: boolean }) => u.role === 'admin' && u.active;

/**
 * Users as admins manage them, and the one-time links (invitations, password resets) with which a
 * user sets a password. Tokens are stored as hashes only.
 */
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<UserSummary[]> {
    const rows = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM app_user u ORDER BY lower(u.name), lower(u.email)`,
    );
    return rows.map(toSummary);
  }

  find(id: string): Promise<UserSummary | null> {
    return this.findWith(this.dataSource.manager, id);
  }

  private async findWith(manager: EntityManager, id: string, lock = false): Promise<UserSummary | null> {
    const rows = await manager.query(
      `SELECT ${SUMMARY_COLUMNS} FROM app_user u WHERE u.id = $1${lock ? ' FOR UPDATE OF u' : ''}`,
      [id],
    );
    return rows[0] ? toSummary(rows[0]) : null;
  }

  /** The new user's id, or null when the e-mail is taken already (in any case). */
  async create(user: {
    email: string;
    name: string;
    role: UserRole;
    teams: string[] | null;
    passwordHash: string | null;
  }): Promise<string | null> {
    // The unique index is on lower(email): ON CONFLICT without a target covers it.
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO app_user (email, name, role, teams, password_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING id`,
      [user.email, user.name, user.role, user.teams, user.passwordHash],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Apply a change unless it would leave no active admin. The active admins are locked first, so two
   * admins demoting each other at the same moment cannot both succeed: the second sees the first's
   * change and is refused.
   */
  async update(
    id: string,
    change: UserChange,
  ): Promise<{ before: UserSummary; after: UserSummary } | 'not-found' | 'last-admin'> {
    return this.dataSource.transaction(async (tx) => {
      const admins: Array<{ id: string }> = await tx.query(
        `SELECT id FROM app_user WHERE role = 'admin' AND disabled_at IS NULL FOR UPDATE`,
      );
      const before = await this.findWith(tx, id, true);
      if (!before) return 'not-found';
      const role = change.role ?? before.role;
      const active = change.active ?? before.active;
      if (isActiveAdmin(before) && !isActiveAdmin({ role, active }) && admins.length <= 1) {
        return 'last-admin';
      }
      await tx.query(
        `UPDATE app_user SET
           name = COALESCE($2, name),
           role = $3,
           teams = CASE WHEN $4 THEN $5::text[] ELSE teams END,
           disabled_at = CASE WHEN $6 THEN NULL ELSE COALESCE(disabled_at, now()) END
         WHERE id = $1`,
        [id, change.name ?? null, role, change.teams !== undefined, change.teams ?? null, active],
      );
      return { before, after: (await this.findWith(tx, id))! };
    });
  }

  /** The stored password hash (null: none set — invited, reset, or single sign-on). */
  async passwordHash(id: string): Promise<string | null> {
    const rows: Array<{ password_hash: string | null }> = await this.dataSource.query(
      `SELECT password_hash FROM app_user WHERE id = $1`,
      [id],
    );
    return rows[0]?.password_hash ?? null;
  }

  /** Set (or, with null, remove) a user's password. */
  async setPassword(id: string, passwordHash: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [id, passwordHash]);
  }

  /** A new one-time link for the user; it replaces any earlier link of theirs not used yet. */
  async createInvitation(userId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`DELETE FROM invitation WHERE user_id = $1 AND used_at IS NULL`, [userId]);
      await tx.query(`INSERT INTO invitation (user_id, token_hash, expires_at) VALUES ($1, $2, $3)`, [
        userId,
        tokenHash,
        expiresAt,
      ]);
    });
  }

  async findInvitation(tokenHash: string): Promise<FoundInvitation | null> {
    const rows = await this.dataSource.query(
      `SELECT i.user_id, i.expires_at, i.used_at, u.email, u.name, u.disabled_at
         FROM invitation i JOIN app_user u ON u.id = i.user_id WHERE i.token_hash = $1`,
      [tokenHash],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      userId: r.user_id,
      email: r.email,
      name: r.name,
      expiresAt: r.expires_at,
      usedAt: r.used_at,
      userActive: r.disabled_at === null,
    };
  }

  /**
   * Use a link: set the user's password and mark the link used, in one transaction, only if the link
   * is unused, unexpired and its user active. The user, or null when the link may not be used (two
   * tabs submitting at once: one of them wins).
   */
  async acceptInvitation(tokenHash: string, passwordHash: string): Promise<CurrentUser | null> {
    return this.dataSource.transaction(async (tx) => {
      // TypeORM answers an UPDATE with [rows, count].
      const [used]: [Array<{ user_id: string }>, number] = await tx.query(
        `UPDATE invitation i SET used_at = now()
           FROM app_user u
          WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > now()
            AND u.id = i.user_id AND u.disabled_at IS NULL
        RETURNING i.user_id`,
        [tokenHash],
      );
      if (!used[0]) return null;
      const [[user]]: [CurrentUser[], number] = await tx.query(
        `UPDATE app_user SET password_hash = $2 WHERE id = $1 RETURNING id, email, name, role, teams`,
        [used[0].user_id, passwordHash],
      );
      return user!;
    });
  }
}
