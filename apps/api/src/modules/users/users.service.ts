import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  mayBeLimitedToTeams,
  type InvitationLink,
  type UserCreated,
  type UserRole,
  type UserSummary,
} from '@vigil/contracts';
import {
  UserRepository,
  hashPassword,
  hashToken,
  newToken,
  type UserChange,
  type VigilConfig,
} from '@vigil/data';
import { CONFIG } from '../../common/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService } from '../auth/auth.service.js';
import type { Principal } from '../auth/principal.js';

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  teams?: string[] | null;
  password?: string;
}

/** What an audit entry says changed: each field's value before → after. */
type Changes = Partial<Record<keyof UserChange, { from: unknown; to: unknown }>>;

function changesOf(before: UserSummary, after: UserSummary): Changes {
  const changes: Changes = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (before.name !== after.name) changes.name = { from: before.name, to: after.name };
  if (before.role !== after.role) changes.role = { from: before.role, to: after.role };
  if (!same(before.teams, after.teams)) changes.teams = { from: before.teams, to: after.teams };
  if (before.active !== after.active) changes.active = { from: before.active, to: after.active };
  return changes;
}

/** Who an audit entry about a user is about. */
const target = (id: string) => `user:${id}`;

/**
 * Users as admins manage them: create (with a password, or a one-time invitation link), change
 * name, role, teams and whether they are active, and reset a password (a new one-time link). The
 * rules: teams only for the roles that may be limited to them; an e-mail once; always at least one
 * active admin; deactivating or resetting ends the user's sessions and sockets at once.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {}

  list(): Promise<UserSummary[]> {
    return this.users.list();
  }

  async create(principal: Principal, user: NewUser, request: FastifyRequest): Promise<UserCreated> {
    const teams = user.teams ?? null;
    if (teams && !mayBeLimitedToTeams(user.role)) refuseTeamsFor(user.role);
    const id = await this.users.create({
      email: user.email,
      name: user.name,
      role: user.role,
      teams,
      passwordHash: user.password ? await hashPassword(user.password) : null,
    });
    if (!id) {
      throw new ConflictException({
        message: `There is a user with the e-mail ${user.email} already`,
        errors: [{ field: 'email', message: 'belongs to another user' }],
      });
    }
    await this.audit.record('user.created', principal, {
      target: target(id),
      details: {
        email: user.email,
        name: user.name,
        role: user.role,
        teams,
        password: user.password ? 'set by the admin' : 'by invitation',
      },
      request,
    });
    if (user.password) return { id };
    const link = await this.issueLink(id, request);
    await this.audit.record('user.invited', principal, {
      target: target(id),
      details: { email: user.email, expiresAt: link.expiresAt },
      request,
    });
    return { id, invitationUrl: link.invitationUrl, invitationExpiresAt: link.expiresAt };
  }

  /**
   * A role that sees every team (admin, compliance) drops the teams the user had; naming teams for
   * it is a 400. Deactivating ends the user's sessions; a new role or teams ends their sockets (the
   * dashboard reconnects with the new rights) and applies from their next request on.
   */
  async update(
    principal: Principal,
    id: string,
    change: UserChange,
    request: FastifyRequest,
  ): Promise<UserSummary> {
    const current = await this.users.find(id);
    if (!current) throw new NotFoundException(`No user ${id}`);
    const role = change.role ?? current.role;
    const wanted = { ...change };
    if (!mayBeLimitedToTeams(role)) {
      if (change.teams) refuseTeamsFor(role);
      if (current.teams !== null) wanted.teams = null;
    }
    const result = await this.users.update(id, wanted);
    if (result === 'not-found') throw new NotFoundException(`No user ${id}`);
    if (result === 'last-admin') {
      throw new ConflictException(
        `${current.email} is the last active admin: make someone else an admin before ${
          change.active === false ? 'deactivating them' : 'changing their role'
        }`,
      );
    }
    const { before, after } = result;
    const changes = changesOf(before, after);
    if (Object.keys(changes).length === 0) return after;
    if (changes.active && !after.active) await this.auth.endSessions(id);
    else if (changes.role || changes.teams) await this.auth.revoked({ kind: 'user', userId: id });
    await this.audit.record('user.updated', principal, {
      target: target(id),
      details: { email: after.email, changes },
      request,
    });
    return after;
  }

  /**
   * The user's password goes (so the old one stops working at once), their sessions end, and a new
   * one-time link lets them set another. Not for single sign-on users (no password here), nor for
   * oneself (change it from the account page instead, without locking yourself out).
   */
  async resetPassword(principal: Principal, id: string, request: FastifyRequest): Promise<InvitationLink> {
    const user = await this.users.find(id);
    if (!user) throw new NotFoundException(`No user ${id}`);
    if (principal.kind === 'user' && principal.user.id === id) {
      throw new ConflictException('Change your own password from your account page');
    }
    if (user.source === 'oidc') {
      throw new ConflictException(
        `${user.email} signs in with single sign-on: there is no password to reset`,
      );
    }
    await this.users.setPassword(id, null);
    await this.auth.endSessions(id);
    const link = await this.issueLink(id, request);
    await this.audit.record('user.passwordReset', principal, {
      target: target(id),
      details: { email: user.email, expiresAt: link.expiresAt },
      request,
    });
    return link;
  }

  /**
   * A one-time link, shown once: only its hash is stored. It points at the address the admin's
   * request came to (behind a proxy, with VIGIL_TRUST_PROXY, the one the proxy was asked for).
   */
  private async issueLink(userId: string, request: FastifyRequest): Promise<InvitationLink> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.config.invitationHours * 3_600_000);
    await this.users.createInvitation(userId, hashToken(token), expiresAt);
    return {
      invitationUrl: `${request.protocol}://${request.host}/invite/${token}`,
      expiresAt: expiresAt.toISOString(),
    };
  }
}

function refuseTeamsFor(role: UserRole): never {
  throw new BadRequestException({
    message: 'Only managers and trainers can be limited to teams',
    errors: [{ field: 'teams', message: `must be left out: a user with the role ${role} sees every team` }],
  });
}
