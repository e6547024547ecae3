import { GoneException, Injectable, NotFoundException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { CurrentUser, InvitationDetails } from '@vigil/contracts';
import { UserRepository, hashPassword, hashToken, type FoundInvitation } from '@vigil/data';
import { AuditService } from '../audit/audit.service.js';
import { AuthService } from '../auth/auth.service.js';

/**
 * One-time links (an invitation, or an admin's password reset): whom a link is for, and using it —
 * the password is set, the link spent, and the user signed in.
 */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly users: UserRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  async details(token: string): Promise<InvitationDetails> {
    const found = usable(await this.users.findInvitation(hashToken(token)));
    return { email: found.email, name: found.name, expiresAt: found.expiresAt.toISOString() };
  }

  async accept(
    token: string,
    password: string,
    request: FastifyRequest,
  ): Promise<{ user: CurrentUser; token: string; expiresAt: Date }> {
    const tokenHash = hashToken(token);
    usable(await this.users.findInvitation(tokenHash));
    const user = await this.users.acceptInvitation(tokenHash, await hashPassword(password));
    // Checked just above; only a second submission of the same link at the same moment gets here.
    if (!user) throw new GoneException(USED);
    await this.audit.record(
      'user.invitationAccepted',
      { actor: user.email, actorId: user.id },
      { target: `user:${user.id}`, request },
    );
    return this.auth.startSession(user, request, 'invitation');
  }
}

const USED = 'This link has been used already: sign in, or ask an admin for a new link';

/** The link if it can still be used: else 404 (no such link) or 410 (used, expired, or the user deactivated). */
function usable(found: FoundInvitation | null): FoundInvitation {
  if (!found) throw new NotFoundException('There is no such link: check it, or ask an admin for a new one');
  if (found.usedAt) throw new GoneException(USED);
  if (found.expiresAt.getTime() <= Date.now())
    throw new GoneException('This link has expired: ask an admin for a new one');
  if (!found.userActive) throw new GoneException('This account has been deactivated');
  return found;
}
