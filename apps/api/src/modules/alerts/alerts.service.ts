import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  QueueName,
  alertPayload,
  type AlertChannel,
  type AlertChannelView,
  type AlertDeliveryPage,
  type AlertDeliveryQuery,
  type AlertRule,
  type AlertRuleInput,
  type AlertRuleSaved,
} from '@vigil/contracts';
import { AlertRepository, type StoredAlertRule, type VigilConfig } from '@vigil/data';
import { JobQueue } from '../../common/job-queue.service.js';
import { CONFIG } from '../../common/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import type { Requester } from '../audit/requester.js';
import { actorOf } from '../auth/principal.js';

/** A channel as shown after creation: a webhook's secret only by its last four characters. */
function toView(channel: AlertChannel): AlertChannelView {
  return channel.kind === 'webhook'
    ? { kind: 'webhook', url: channel.url, secretHint: `…${channel.secret.slice(-4)}` }
    : channel;
}

function toRule(r: StoredAlertRule): AlertRule {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    trigger: r.trigger,
    channels: r.channels.map(toView),
    quietMinutes: r.quietMinutes,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a rule: everything but the secrets. */
const audited = (r: StoredAlertRule) => ({
  name: r.name,
  enabled: r.enabled,
  trigger: r.trigger,
  channels: r.channels.map(toView),
  quietMinutes: r.quietMinutes,
});

/**
 * Alert rules as managers and admins keep them (every change on the audit log), a test delivery of
 * a rule, and the delivery log. Webhook secrets are shown in full only in the answer that set them.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly repository: AlertRepository,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {}

  async list(): Promise<AlertRule[]> {
    return (await this.repository.listRules()).map(toRule);
  }

  async get(id: string): Promise<AlertRule> {
    return toRule(await this.found(id));
  }

  async create(input: AlertRuleInput, by: Requester): Promise<AlertRuleSaved> {
    const { channels, secrets } = settleSecrets(input.channels, []);
    const rule = await this.repository.createRule({ ...input, channels }, actorOf(by.principal));
    await this.audit.record('alert.ruleCreated', by, {
      target: `alert-rule:${rule.id}`,
      details: audited(rule),
    });
    return { rule: toRule(rule), secrets };
  }

  async update(id: string, input: AlertRuleInput, by: Requester): Promise<AlertRuleSaved> {
    const current = await this.found(id);
    const { channels, secrets } = settleSecrets(input.channels, current.channels);
    const changed = await this.repository.updateRule(id, { ...input, channels }, actorOf(by.principal));
    if (!changed) throw new NotFoundException('No such alert rule');
    await this.audit.record('alert.ruleUpdated', by, {
      target: `alert-rule:${id}`,
      details: { before: audited(changed.before), after: audited(changed.after) },
    });
    return { rule: toRule(changed.after), secrets };
  }

  async remove(id: string, by: Requester): Promise<void> {
    const deleted = await this.repository.deleteRule(id);
    if (!deleted) throw new NotFoundException('No such alert rule');
    await this.audit.record('alert.ruleDeleted', by, {
      target: `alert-rule:${id}`,
      details: audited(deleted),
    });
  }

  /** A test message to every channel of the rule, through the same queue, retries and log as real ones. */
  async test(id: string): Promise<{ deliveries: number }> {
    const rule = await this.found(id);
    const eventKey = `test:${randomUUID()}`;
    const ids = await this.repository.recordDeliveries({
      rule: { ...rule, quietMinutes: 0 },
      eventKey,
      seriesKey: eventKey,
      payload: alertPayload(
        rule,
        { kind: 'test', at: new Date().toISOString() },
        eventKey,
        this.config.alerts.publicUrl,
      ),
    });
    await this.jobs.addBulk(
      QueueName.AlertDelivery,
      ids.map((deliveryId) => ({ payload: { deliveryId }, opts: { jobId: deliveryId } })),
    );
    return { deliveries: ids.length };
  }

  deliveries(query: AlertDeliveryQuery): Promise<AlertDeliveryPage> {
    return this.repository.page(query);
  }

  private async found(id: string): Promise<StoredAlertRule> {
    const rule = await this.repository.rule(id);
    if (!rule) throw new NotFoundException('No such alert rule');
    return rule;
  }
}

/**
 * Every webhook channel gets its secret: the one given, else the one the rule keeps for the same URL,
 * else a new one. Secrets given or generated now are returned (by channel index) to be shown once.
 */
export function settleSecrets(
  wanted: AlertRuleInput['channels'],
  current: AlertChannel[],
): { channels: AlertChannel[]; secrets: Record<number, string> } {
  const secrets: Record<number, string> = {};
  const channels = wanted.map((channel, index): AlertChannel => {
    if (channel.kind !== 'webhook') return channel;
    const kept = current.find((c) => c.kind === 'webhook' && c.url === channel.url);
    const secret =
      channel.secret ?? (kept?.kind === 'webhook' ? kept.secret : `whsec_${randomBytes(24).toString('hex')}`);
    if (secret !== (kept?.kind === 'webhook' ? kept.secret : undefined)) secrets[index] = secret;
    return { kind: 'webhook', url: channel.url, secret };
  });
  return { channels, secrets };
}
