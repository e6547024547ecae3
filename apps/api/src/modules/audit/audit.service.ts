import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuditAction, AuditPage, AuditQuery } from '@vigil/contracts';
import { AuditRepository, type AuditFilter } from '@vigil/data';
import { actorOf, type Principal } from '../auth/principal.js';
import { auditCsv } from './audit-csv.js';
import type { Requester } from './requester.js';

/** Who did it, when there is no signed-in principal (a failed sign-in, the system itself). */
export interface AuditActor {
  actor: string;
  actorId?: string | null;
}

function toFilter(query: AuditQuery): AuditFilter {
  return {
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    action: query.action,
    actor: query.actor,
    target: query.target,
  };
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
    who: Principal | AuditActor | Requester,
    what: { target?: string; details?: Record<string, unknown>; request?: FastifyRequest } = {},
  ): Promise<void> {
    if ('principal' in who) return this.record(action, who.principal, { ...what, request: who.request });
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

  /** A page of the log, newest first; `before` is the `next` of the page before. */
  list(query: AuditQuery & { before?: string; limit: number }): Promise<AuditPage> {
    return this.repository.page(toFilter(query), query.limit, query.before);
  }

  /** The filtered log as CSV, streamed; the export is itself on record, before its first row. */
  async exportCsv(query: AuditQuery, by: Requester): Promise<Readable> {
    const filters = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
    await this.record('export.created', by, { target: 'audit-log', details: { format: 'csv', filters } });
    return Readable.from(auditCsv(this.repository.stream(toFilter(query))));
  }
}
