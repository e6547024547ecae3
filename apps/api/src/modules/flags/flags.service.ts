import {
  BadRequestException,
  ConflictException,
  HttpException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import {
  bucketStart,
  can,
  type Channel,
  type FlagBulkInput,
  type FlagBulkResult,
  type FlagDecision,
  type FlagDetail,
  type FlagOverview,
  type FlagPage,
  type FlagSource,
  type FlagStatus,
  type FlagSummary,
  type Severity,
} from '@vigil/contracts';
import {
  FlagRepository,
  type FlagActor,
  type FlagChange,
  type FlagFilter,
  type FlagRecord,
  type VigilConfig,
} from '@vigil/data';
import { CONFIG } from '../../common/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import type { Requester } from '../audit/requester.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { requireTeamScope } from '../auth/require-team-scope.js';
import { maySeeTeam, teamsOf } from '../auth/team-scope.js';
import { buildOverview, overviewGranularity } from './flag-overview.js';
import {
  decodeCursor,
  encodeCursor,
  isOverdue,
  planDecision,
  staleness,
  type Refusal,
} from './flag-rules.js';

export interface FlagListParams {
  status?: FlagStatus[];
  severity?: Severity[];
  rule?: string;
  team?: string;
  channel?: Channel;
  assignee?: string;
  from?: string;
  to?: string;
  minAgeHours?: number;
  overdue?: boolean;
  source?: FlagSource;
  limit: number;
  after?: string;
}

const target = (id: string) => `flag:${id}`;

/** A refusal of the rules as the HTTP error that says it. */
function refuse(refusal: Refusal, staleField: 'version' | 'expectedStatus' = 'version'): never {
  if (refusal.code === 'invalid')
    throw new BadRequestException({
      message: 'Invalid request',
      errors: [{ field: refusal.field, message: refusal.message }],
    });
  throw new ConflictException({
    message: refusal.message,
    ...(refusal.code === 'stale' ? { errors: [{ field: staleField, message: refusal.message }] } : {}),
  });
}

/**
 * The review queue: lists and reads flags within the caller's team scope, and applies reviewers'
 * actions (assign, decide, comment), each in the flag's own transaction with its history and
 * rollups, and each on the audit log.
 */
@Injectable()
export class FlagsService {
  constructor(
    private readonly flags: FlagRepository,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {}

  async list(params: FlagListParams, principal: Principal): Promise<FlagPage> {
    const teams = requireTeamScope(principal, params.team);
    const now = new Date();
    const filter: FlagFilter = {
      statuses: params.overdue ? ['open', 'in_review'] : params.status,
      severities: params.severity,
      ruleId: params.rule,
      team: params.team,
      channel: params.channel,
      source: params.source,
      from: params.from ? new Date(params.from) : undefined,
      to: params.to ? new Date(params.to) : undefined,
    };
    if (params.overdue && params.status)
      filter.statuses = params.status.filter((s) => s === 'open' || s === 'in_review');
    const ages = [
      params.minAgeHours !== undefined ? params.minAgeHours : null,
      params.overdue ? this.config.flagSlaHours : null,
    ].filter((h): h is number => h !== null);
    if (ages.length) filter.raisedBefore = new Date(now.getTime() - Math.max(...ages) * 3_600_000);
    if (params.assignee === 'none') filter.assigneeId = null;
    else if (params.assignee === 'me') filter.assigneeId = principal.kind === 'user' ? principal.user.id : '';
    else if (params.assignee) filter.assigneeId = params.assignee;
    const after = params.after ? decodeCursor(params.after) : undefined;
    if (after === null)
      throw new BadRequestException({
        message: 'Invalid request',
        errors: [{ field: 'query.after', message: 'expected the "next" of a previous page' }],
      });
    const page = await this.flags.list(filter, teams, params.limit, after);
    return {
      items: page.items.map((f) => this.summary(f, now)),
      total: page.total,
      next: page.next ? encodeCursor(page.next) : null,
      slaHours: this.config.flagSlaHours,
    };
  }

  async get(id: string, principal: Principal): Promise<FlagDetail> {
    const flag = await this.visible(id, principal);
    const { history, comments } = await this.flags.history(id);
    return { ...this.summary(flag, new Date()), evidence: flag.evidence, comments, history };
  }

  async overview(from: Date, to: Date, principal: Principal): Promise<FlagOverview> {
    const teams = teamsOf(principal);
    const granularity = overviewGranularity(from, to);
    const start = bucketStart(from, granularity);
    const [rows, openBefore] = await Promise.all([
      this.flags.overviewRows(granularity, start, to, teams),
      this.flags.openBefore(start, teams),
    ]);
    const ruleIds = [...new Set([...rows.map((r) => r.ruleId), ...openBefore.map((o) => o.ruleId)])];
    const labels = await this.flags.ruleLabels(ruleIds);
    return buildOverview({ from: start, to, granularity, rows, openBefore, labels });
  }

  /** Assign to a user who may work flags (or "me"), or unassign with null. */
  async assign(
    id: string,
    assignee: string | null,
    version: number | undefined,
    by: Requester,
  ): Promise<FlagDetail> {
    const userId = await this.assigneeId(assignee, by.principal);
    const flag = await this.apply(id, by, (f) => {
      const stale = staleness(f, { version });
      if (stale) refuse(stale);
      if ((f.assignee?.id ?? null) === userId)
        throw new ConflictException(
          userId ? 'The flag is assigned to that user already' : 'The flag is not assigned',
        );
      return {
        set: { assigneeId: userId },
        event: { kind: 'assigned', details: { from: f.assignee?.id ?? null, to: userId } },
      };
    });
    await this.audit.record('flag.assigned', by, {
      target: target(id),
      details: { assignee: userId, ruleId: flag.ruleId, conversationId: flag.conversationId },
    });
    return this.get(id, by.principal);
  }

  async decide(
    id: string,
    input: { status: FlagDecision; reason?: string; version?: number; expectedStatus?: FlagStatus },
    by: Requester,
  ): Promise<FlagDetail> {
    let from: FlagStatus | undefined;
    const flag = await this.apply(id, by, (f) => {
      const stale = staleness(f, input);
      if (stale) refuse(stale, input.version !== undefined ? 'version' : 'expectedStatus');
      const plan = planDecision(f, input.status, input.reason, new Date());
      if ('code' in plan) refuse(plan);
      from = f.status;
      return { set: plan.set, event: { kind: 'status', details: plan.details } };
    });
    await this.audit.record('flag.decided', by, {
      target: target(id),
      details: {
        from,
        to: input.status,
        ...(input.reason?.trim() ? { reason: input.reason.trim() } : {}),
        ruleId: flag.ruleId,
        conversationId: flag.conversationId,
      },
    });
    return this.get(id, by.principal);
  }

  async comment(id: string, text: string, by: Requester): Promise<FlagDetail> {
    const flag = await this.apply(id, by, () => ({ event: { kind: 'commented', details: { text } } }));
    await this.audit.record('flag.commented', by, {
      target: target(id),
      details: { ruleId: flag.ruleId, conversationId: flag.conversationId, length: text.length },
    });
    return this.get(id, by.principal);
  }

  /**
   * One action over many flags. Each flag stands alone, as if acted on by itself: one that is
   * missing, out of the caller's teams, or refused by the rules is listed with its error; the rest
   * are done (and audited one by one).
   */
  async bulk(input: FlagBulkInput, by: Requester): Promise<FlagBulkResult> {
    const results: FlagBulkResult['results'] = [];
    for (const id of [...new Set(input.ids)]) {
      try {
        const detail =
          input.action === 'assign'
            ? await this.assign(id, input.assignee ?? null, undefined, by)
            : await this.decide(id, { status: input.status!, reason: input.reason }, by);
        results.push({ id, ok: true, status: detail.status });
      } catch (error) {
        if (!(error instanceof HttpException)) throw error;
        const response = error.getResponse() as { message?: string; errors?: Array<{ message: string }> };
        results.push({
          id,
          ok: false,
          statusCode: error.getStatus(),
          error: response.errors?.[0]?.message ?? response.message ?? error.message,
        });
      }
    }
    return { results };
  }

  private async apply(
    id: string,
    by: Requester,
    decide: (flag: FlagRecord) => FlagChange,
  ): Promise<FlagRecord> {
    const principal = by.principal;
    const actor: FlagActor = {
      actor: actorOf(principal),
      actorId: principal.kind === 'user' ? principal.user.id : null,
    };
    const flag = await this.flags.change(id, actor, (f) => {
      // Another team's flag is, to a user limited to teams, no flag at all (as for conversations).
      if (!maySeeTeam(principal, f.team)) throw new NotFoundException(`No flag ${id}`);
      return decide(f);
    });
    if (!flag) throw new NotFoundException(`No flag ${id}`);
    return flag;
  }

  private async visible(id: string, principal: Principal): Promise<FlagRecord> {
    const flag = await this.flags.find(id);
    if (!flag || !maySeeTeam(principal, flag.team)) throw new NotFoundException(`No flag ${id}`);
    return flag;
  }

  /** The user a flag is to be assigned to: "me", or someone active who may work flags. */
  private async assigneeId(assignee: string | null, principal: Principal): Promise<string | null> {
    if (assignee === null) return null;
    if (assignee === 'me') {
      if (principal.kind !== 'user') throw new BadRequestException('Only a user can be assigned');
      return principal.user.id;
    }
    const user = await this.flags.assignable(assignee);
    const problem = !user
      ? 'no such user'
      : !user.active
        ? 'that user is deactivated'
        : !can(user.role, 'flags.work')
          ? 'that user may not work flags'
          : null;
    if (problem)
      throw new BadRequestException({
        message: 'Invalid request',
        errors: [{ field: 'assignee', message: problem }],
      });
    return assignee;
  }

  private summary(f: FlagRecord, now: Date): FlagSummary {
    const slaHours = this.config.flagSlaHours;
    return {
      id: f.id,
      conversationId: f.conversationId,
      externalId: f.externalId,
      source: f.source,
      ruleId: f.ruleId,
      ruleVersion: f.ruleVersion,
      kind: f.kind,
      severity: f.severity,
      label: f.label,
      reason: f.reason,
      status: f.status,
      decisionReason: f.decisionReason,
      assignee: f.assignee,
      team: f.team,
      channel: f.channel as Channel,
      conversationEndedAt: f.conversationEndedAt.toISOString(),
      raisedAt: f.raisedAt.toISOString(),
      updatedAt: f.updatedAt.toISOString(),
      decidedAt: f.decidedAt?.toISOString() ?? null,
      clearedAt: f.clearedAt?.toISOString() ?? null,
      dueAt: new Date(f.raisedAt.getTime() + slaHours * 3_600_000).toISOString(),
      overdue: isOverdue(f.status, f.raisedAt, slaHours, now),
      version: f.version,
    };
  }
}
