import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { SessionSummary } from '@vigil/contracts';
import { AuthRepository, UserRepository, hashPassword, verifyPassword, type VigilConfig } from '@vigil/data';
import { RateLimiter } from '../../common/rate-limiter.service.js';
import { CONFIG } from '../../common/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService } from '../auth/auth.service.js';
import type { Principal } from '../auth/principal.js';

type UserPrincipal = Extract<Principal, { kind: 'user' }>;

/** Only people have an account; the routes' permission keeps ingest keys out before this. */
function userOf(principal: Principal): UserPrincipal {
  if (principal.kind !== 'user') throw new Error('unreachable: ingest keys have no account');
  return principal;
}

/** Each signed-in user's own account: their password and their sessions. */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: AuthRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiter,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {}

  /**
   * A new password, given the current one (checked as a sign-in is: rate-limited per user). Every
   * other session ends: whoever else had the old password is signed out; this browser stays in.
   */
  async changePassword(
    principal: Principal,
    change: { currentPassword: string; newPassword: string },
    request: FastifyRequest,
  ): Promise<void> {
    const { user, sessionId } = userOf(principal);
    await this.limiter.consume('password-change', user.id, this.config.loginRateLimitPerMinute);
    const stored = await this.users.passwordHash(user.id);
    if (!stored)
      throw new ConflictException('You sign in with single sign-on: there is no password to change');
    if (!(await verifyPassword(change.currentPassword, stored))) {
      throw new BadRequestException({
        message: 'The current password is not right',
        errors: [{ field: 'currentPassword', message: 'is not your current password' }],
      });
    }
    await this.users.setPassword(user.id, await hashPassword(change.newPassword));
    const ended = await this.auth.endSessions(user.id, { except: sessionId });
    await this.audit.record('auth.passwordChanged', principal, {
      target: `user:${user.id}`,
      details: { otherSessionsEnded: ended },
      request,
    });
  }

  async list(principal: Principal): Promise<SessionSummary[]> {
    const { user, sessionId } = userOf(principal);
    const sessions = await this.sessions.listSessions(user.id);
    return sessions.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      current: s.id === sessionId,
    }));
  }

  /** End one of one's own sessions (another user's is a 404); true when it was the current one. */
  async end(principal: Principal, id: string, request: FastifyRequest): Promise<{ current: boolean }> {
    const { user, sessionId } = userOf(principal);
    if ((await this.auth.endSessions(user.id, { only: id })) === 0) {
      throw new NotFoundException(`You have no session ${id}`);
    }
    const current = id === sessionId;
    await this.audit.record('auth.sessionsEnded', principal, {
      target: `user:${user.id}`,
      details: { sessions: [id], current },
      request,
    });
    return { current };
  }

  /** "Sign out everywhere": every session of the user, this one included. */
  async endAll(principal: Principal, request: FastifyRequest): Promise<void> {
    const { user } = userOf(principal);
    const ended = await this.auth.endSessions(user.id);
    await this.audit.record('auth.sessionsEnded', principal, {
      target: `user:${user.id}`,
      details: { all: true, count: ended },
      request,
    });
  }
}
