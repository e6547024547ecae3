import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuditAction } from '@vigil/contracts';
import { AuditRepository } from '@vigil/data';
import { actorOf, type Principal } from '../auth/principal.js';

/** Who did it, when there is no signed-in principal (a failed sign-in, the system itself). */
export interface AuditActor {
  actor: string;
  actorId?: string | null;
}

/**
 * The one door to the audit log. Every audited action calls `record` after it has happened
 * (a failed sign-in is an action too), naming the action, its target and what changed.
 */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  async record(
    action: AuditAction,
    who: Principal | AuditActor,
    what: { target?: string; details?: Record<string, unknown>; request?: FastifyRequest } = {},
  ): Promise<void> {
    const actor =
      'kind' in who ? { actor: actorOf(who), actorId: who.kind === 'user' ? who.user.id : null } : who;
    await this.repository.append({
      ...actor,
      action,
      target: what.target ?? null,
      ip: what.request?.ip ?? null,
      details: what.details ?? {},
    });
  }
}
