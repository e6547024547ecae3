import { Inject, Injectable, Logger, UnauthorizedException, type OnModuleDestroy } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import {
  REDIS_CHANNELS,
  type AuthProviders,
  type AuthRevokedMessage,
  type CurrentUser,
  type UserRole,
} from '@vigil/contracts';
import {
  AuthRepository,
  IngestKeyRepository,
  hashPassword,
  hashToken,
  ingestKeyPrefix,
  newToken,
  verifyPassword,
  type VigilConfig,
} from '@vigil/data';
import { CONFIG, REDIS } from '../../common/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from './principal.js';

/** Lookups are cached briefly: ingest checks a key on every request. */
const CACHE_MS = 10_000;
/** A session's "last seen" is written at most this often (a write per request would be a write per request). */
const TOUCH_EVERY_MS = 60_000;

/** An ingest key's last use is written at most this often (per key and instance): ingest is the hot path. */
const KEY_USE_EVERY_MS = 60_000;

// Compared against when the e-mail is unknown, so a wrong e-mail costs as much time as a wrong password.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

@Injectable()
export class AuthService implements OnModuleDestroy {
  private readonly logger = new Logger('Auth');
  private readonly keyCache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly sessionCache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly subscriber: Redis;
  private readonly revokedChannel: string;
  private readonly revokedListeners: Array<(message: AuthRevokedMessage) => void> = [];
  /** Counts revocations, so a lookup that raced one is not cached (see `cached`). */
  private revocations = 0;
  private readonly keyUseWritten = new Map<string, number>();
  /** When this instance last wrote each session's last_seen_at. */
  private readonly touchedAt = new Map<string, number>();

  constructor(
    private readonly repository: AuthRepository,
    private readonly keys: IngestKeyRepository,
    @Inject(CONFIG) private readonly config: VigilConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly audit: AuditService,
  ) {
    // Sessions and keys are cached for CACHE_MS; a revocation must not wait for that on any instance.
    this.revokedChannel = `${config.queuePrefix}:${REDIS_CHANNELS.authRevoked}`;
    this.subscriber = new Redis(config.redisUrl);
    this.subscriber.on('error', () => undefined);
    void this.subscriber.subscribe(this.revokedChannel);
    this.subscriber.on('message', (_channel: string, message: string) =>
      this.forget(JSON.parse(message) as AuthRevokedMessage),
    );
  }

  onModuleDestroy(): void {
    this.subscriber.disconnect();
  }

  /**
   * After the database says so (sessions deleted, user deactivated, key revoked): every API instance
   * drops what it cached for them, and the live gateway ends their sockets (`onRevoked`).
   */
  async revoked(message: AuthRevokedMessage): Promise<void> {
    this.forget(message);
    await this.redis.publish(this.revokedChannel, JSON.stringify(message));
  }

  /** Called on every instance for every revocation (on the publishing one twice: listeners must be idempotent). */
  onRevoked(listener: (message: AuthRevokedMessage) => void): void {
    this.revokedListeners.push(listener);
  }

  private forget(message: AuthRevokedMessage): void {
    this.revocations += 1;
    const matches = (p: Principal | null): boolean =>
      message.kind === 'key'
        ? p?.kind === 'ingest' && p.keyId === message.keyId
        : p?.kind === 'user' &&
          p.user.id === message.userId &&
          (!message.sessionId || p.sessionId === message.sessionId);
    const cache = message.kind === 'key' ? this.keyCache : this.sessionCache;
    for (const [hash, entry] of cache) if (matches(entry.principal)) cache.delete(hash);
    for (const listener of this.revokedListeners) listener(message);
  }

  /** Headless first start: the first admin and an ingest key from the environment, once. */
  async bootstrap(): Promise<void> {
    const { adminEmail, adminPassword, ingestKey } = this.config.init;
    if (adminEmail && adminPassword) {
      if (!(await this.repository.userExists(adminEmail))) {
        await this.createUser(adminEmail, 'Administrator', 'admin', adminPassword);
        this.logger.log(`created the first admin, ${adminEmail}`);
      }
    }
    if (ingestKey) {
      const added = await this.keys.addIfAbsent(
        'initial ingest key',
        hashToken(ingestKey),
        ingestKeyPrefix(ingestKey),
      );
      if (added) this.logger.log('created the initial ingest key');
    }
  }

  async createUser(email: string, name: string, role: UserRole, password: string): Promise<CurrentUser> {
    return this.repository.createUser({ email, name, role, passwordHash: await hashPassword(password) });
  }

  providers(): AuthProviders {
    return { oidc: this.config.oidc ? { name: this.config.oidc.name } : null };
  }

  /** A deactivated user, or one without a password (invited, reset, single sign-on), cannot sign in here. */
  async login(
    email: string,
    password: string,
    request: FastifyRequest,
  ): Promise<{ user: CurrentUser; token: string; expiresAt: Date }> {
    const user = await this.repository.findEnabledUser(email);
    const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user?.passwordHash || !valid) {
      await this.audit.record('auth.signInFailed', { actor: email }, { request });
      throw new UnauthorizedException('Wrong e-mail or password');
    }
    return this.startSession(
      { id: user.id, email: user.email, name: user.name, role: user.role, teams: user.teams },
      request,
      'password',
    );
  }

  /**
   * Sign a user in: a new session, recorded with where and with what it was opened, and on the
   * audit log. `method` says how they proved who they are (a password, an invitation link, single
   * sign-on…).
   */
  async startSession(
    user: CurrentUser,
    request: FastifyRequest,
    method: string,
  ): Promise<{ user: CurrentUser; token: string; expiresAt: Date }> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.config.sessionHours * 3_600_000);
    await this.repository.createSession(hashToken(token), user.id, expiresAt, {
      ip: request.ip ?? null,
      userAgent: request.headers['user-agent'] ?? null,
    });
    await this.audit.record(
      'auth.signedIn',
      { actor: user.email, actorId: user.id },
      { target: `user:${user.id}`, details: { method }, request },
    );
    return { user, token, expiresAt };
  }

  async logout(principal: Principal, sessionToken: string, request: FastifyRequest): Promise<void> {
    const tokenHash = hashToken(sessionToken);
    this.sessionCache.delete(tokenHash);
    await this.repository.deleteSession(tokenHash);
    if (principal.kind === 'user') {
      // Its sockets end too, here and on every other instance.
      await this.revoked({ kind: 'user', userId: principal.user.id, sessionId: principal.sessionId });
    }
    await this.audit.record('auth.signedOut', principal, { request });
  }

  /**
   * End a user's sessions — all, all but one (`except`), or one (`only`) — and, on every instance,
   * the cached principals and the sockets that came with them. How many ended.
   */
  async endSessions(userId: string, which: { except?: string; only?: string } = {}): Promise<number> {
    const ended = await this.repository.deleteSessions(userId, which);
    if (!which.except && !which.only) await this.revoked({ kind: 'user', userId });
    else for (const sessionId of ended) await this.revoked({ kind: 'user', userId, sessionId });
    return ended.length;
  }

  async principalForSession(token: string): Promise<Principal | null> {
    const principal = await this.cached(this.sessionCache, hashToken(token), async (tokenHash) => {
      const found = await this.repository.findSessionUser(tokenHash);
      if (!found) return null;
      return { kind: 'user', role: found.user.role, user: found.user, sessionId: found.sessionId };
    });
    if (principal?.kind === 'user') this.touch(principal.sessionId);
    return principal;
  }

  /** Note that a session was used: written at most once a minute per session, without waiting for it. */
  private touch(sessionId: string): void {
    const now = Date.now();
    if (now - (this.touchedAt.get(sessionId) ?? 0) < TOUCH_EVERY_MS) return;
    if (this.touchedAt.size > 10_000) this.touchedAt.clear();
    this.touchedAt.set(sessionId, now);
    this.repository.touchSession(sessionId).catch((error: Error) => {
      this.logger.warn(`could not note the use of a session: ${error.message}`);
    });
  }

  async principalForIngestKey(key: string): Promise<Principal | null> {
    const principal = await this.cached(this.keyCache, hashToken(key), async (keyHash) => {
      const found = await this.keys.findActive(keyHash);
      return found
        ? { kind: 'ingest', role: 'ingest', keyId: found.id, keyName: found.name, source: found.source }
        : null;
    });
    if (principal?.kind === 'ingest') this.noteKeyUse(principal.keyId);
    return principal;
  }

  /** Records a key's last use without a write per request: at most once per KEY_USE_EVERY_MS, not awaited. */
  private noteKeyUse(keyId: string): void {
    const now = Date.now();
    if (now - (this.keyUseWritten.get(keyId) ?? 0) < KEY_USE_EVERY_MS) return;
    if (this.keyUseWritten.size > 10_000) this.keyUseWritten.clear();
    this.keyUseWritten.set(keyId, now);
    this.keys
      .markUsed(keyId, new Date(now))
      .catch((error: Error) =>
        this.logger.warn(`could not record the use of an ingest key: ${error.message}`),
      );
  }

  private async cached(
    cache: Map<string, { principal: Principal | null; until: number }>,
    key: string,
    load: (key: string) => Promise<Principal | null>,
  ): Promise<Principal | null> {
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.principal;
    const revocations = this.revocations;
    const principal = await load(key);
    // A revocation while the lookup was under way may have made its answer stale: use it, don't keep it.
    if (revocations !== this.revocations) return principal;
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { principal, until: Date.now() + CACHE_MS });
    return principal;
  }
}
