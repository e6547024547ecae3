import { Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CurrentUser, UserRole } from '@vigil/contracts';
import {
  ApiKeyEntity,
  SessionEntity,
  UserEntity,
  hashPassword,
  hashToken,
  newToken,
  verifyPassword,
  type VigilConfig,
} from '@vigil/data';
import { CONFIG } from '../common/tokens.js';
import type { Principal } from './principal.js';

/** Lookups are cached briefly: ingest checks a key on every request. */
const CACHE_MS = 10_000;

// Compared against when the e-mail is unknown, so a wrong e-mail costs as much time as a wrong password.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');
  private readonly keyCache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly sessionCache = new Map<string, { principal: Principal | null; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {}

  /** Headless first start: the first admin and an ingest key from the environment, once. */
  async bootstrap(): Promise<void> {
    const { adminEmail, adminPassword, ingestKey } = this.config.init;
    if (adminEmail && adminPassword) {
      const exists = await this.dataSource.query(`SELECT 1 FROM app_user WHERE lower(email) = lower($1)`, [
        adminEmail,
      ]);
      if (exists.length === 0) {
        await this.createUser(adminEmail, 'Administrator', 'admin', adminPassword);
        this.logger.log(`created the first admin, ${adminEmail}`);
      }
    }
    if (ingestKey) {
      const inserted = await this.dataSource.query(
        `INSERT INTO api_key (name, key_hash, prefix) VALUES ('initial ingest key', $1, $2)
         ON CONFLICT (key_hash) DO NOTHING RETURNING id`,
        [hashToken(ingestKey), ingestKey.slice(0, 8)],
      );
      if (inserted.length) this.logger.log('created the initial ingest key');
    }
  }

  async createUser(email: string, name: string, role: UserRole, password: string): Promise<CurrentUser> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .save({ email, name, role, passwordHash: await hashPassword(password) });
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  }

  async login(
    email: string,
    password: string,
  ): Promise<{ user: CurrentUser; token: string; expiresAt: Date }> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email) AND u.disabled_at IS NULL', { email })
      .getOne();
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid) throw new UnauthorizedException('Wrong e-mail or password');
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.config.sessionHours * 3_600_000);
    await this.dataSource
      .getRepository(SessionEntity)
      .insert({ tokenHash: hashToken(token), userId: user.id, expiresAt });
    return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, token, expiresAt };
  }

  async logout(sessionToken: string): Promise<void> {
    const tokenHash = hashToken(sessionToken);
    this.sessionCache.delete(tokenHash);
    await this.dataSource.getRepository(SessionEntity).delete({ tokenHash });
  }

  async principalForSession(token: string): Promise<Principal | null> {
    return this.cached(this.sessionCache, hashToken(token), async (tokenHash) => {
      const rows: Array<{ session_id: string; id: string; email: string; name: string; role: UserRole }> =
        await this.dataSource.query(
          `SELECT s.id AS session_id, u.id, u.email, u.name, u.role
             FROM session s JOIN app_user u ON u.id = s.user_id
            WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
          [tokenHash],
        );
      const row = rows[0];
      if (!row) return null;
      const user: CurrentUser = { id: row.id, email: row.email, name: row.name, role: row.role };
      return { kind: 'user', role: row.role, user, sessionId: row.session_id };
    });
  }

  async principalForIngestKey(key: string): Promise<Principal | null> {
    return this.cached(this.keyCache, hashToken(key), async (keyHash) => {
      const key = await this.dataSource
        .getRepository(ApiKeyEntity)
        .findOne({ where: { keyHash }, select: { id: true, revokedAt: true } });
      return key && !key.revokedAt ? { kind: 'ingest', role: 'ingest', keyId: key.id } : null;
    });
  }

  private async cached(
    cache: Map<string, { principal: Principal | null; until: number }>,
    key: string,
    load: (key: string) => Promise<Principal | null>,
  ): Promise<Principal | null> {
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.principal;
    const principal = await load(key);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { principal, until: Date.now() + CACHE_MS });
    return principal;
  }
}
