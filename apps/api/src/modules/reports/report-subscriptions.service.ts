import { Injectable, NotFoundException } from '@nestjs/common';
import type { NewReportSubscriptionInput, ReportSubscriptionView } from '@vigil/contracts';
import { ReportSubscriptionRepository, type ReportSubscription } from '@vigil/data';
import { AuditService } from '../audit/audit.service.js';
import type { Requester } from '../audit/requester.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { requireTeamScope } from '../auth/require-team-scope.js';
import { teamsOf } from '../auth/team-scope.js';

function toView(s: ReportSubscription): ReportSubscriptionView {
  return {
    id: s.id,
    subject: s.subject,
    recipients: s.recipients,
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
    lastSentAt: s.lastSentAt?.toISOString() ?? null,
  };
}

/**
 * Weekly coaching reports by e-mail (sent by the workers' scheduled-reports job). A subscription
 * keeps its creator's teams, so the report it sends never shows more than they could read; a user
 * limited to teams sees and removes only subscriptions within their teams.
 */
@Injectable()
export class ReportSubscriptionsService {
  constructor(
    private readonly subscriptions: ReportSubscriptionRepository,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal): Promise<ReportSubscriptionView[]> {
    return (await this.subscriptions.list(teamsOf(principal))).map(toView);
  }

  async create(by: Requester, input: NewReportSubscriptionInput): Promise<ReportSubscriptionView> {
    const principal = by.principal;
    const teams = requireTeamScope(principal, input.team, 'team');
    const subject =
      input.agent !== undefined
        ? { kind: 'agent' as const, id: input.agent }
        : { kind: 'team' as const, id: input.team! };
    const created = await this.subscriptions.create({
      subject,
      recipients: input.recipients,
      teams,
      createdBy: actorOf(principal),
      createdById: principal.kind === 'user' ? principal.user.id : null,
    });
    await this.audit.record('report.subscribed', by, {
      target: `report-subscription:${created.id}`,
      details: { subject: `${subject.kind}:${subject.id}`, recipients: created.recipients },
    });
    return toView(created);
  }

  async remove(by: Requester, id: string): Promise<void> {
    // Only one the caller may see (the list's rule): anyone else's is as if it did not exist.
    const visible = await this.subscriptions.list(teamsOf(by.principal));
    const subscription = visible.find((s) => s.id === id);
    if (!subscription || !(await this.subscriptions.delete(id)))
      throw new NotFoundException(`No report subscription ${id}`);
    await this.audit.record('report.unsubscribed', by, {
      target: `report-subscription:${id}`,
      details: { subject: `${subscription.subject.kind}:${subscription.subject.id}` },
    });
  }
}
