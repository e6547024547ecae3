import type { DataSource } from 'typeorm';
import type {
  AlertChannel,
  AlertDelivery,
  AlertDeliveryPage,
  AlertDeliveryQuery,
  AlertDeliveryStatus,
  AlertPayload,
  AlertRuleInput,
  AlertRuleTrigger,
} from '@vigil/contracts';
import { AlertDeliveryEntity, AlertRuleEntity } from '../entities/alert.entity';

/** A rule as stored: the channels with their webhook secrets (never sent to a browser as they are). */
export interface StoredAlertRule {
  id: string;
  name: string;
  enabled: boolean;
  trigger: AlertRuleTrigger;
  channels: AlertChannel[];
  quietMinutes: number;
  createdBy: string;
  createdAt: Date;
  updatedBy: string | null;
  updatedAt: Date;
}

/** A rule's new content, with every webhook secret settled (given, kept or generated). */
export type AlertRuleContent = Omit<AlertRuleInput, 'channels'> & { channels: AlertChannel[] };

/** What one event asks of one rule: a delivery per channel, unless the rule is in its quiet period. */
export interface AlertDeliveryRequest {
  rule: StoredAlertRule;
  eventKey: string;
  seriesKey: string;
  payload: AlertPayload;
}

/** A delivery with what its sender needs: the channel as the rule holds it now. */
export interface PendingAlertDelivery {
  id: string;
  status: AlertDeliveryStatus;
  attempts: number;
  payload: AlertPayload;
  /** Null when the rule, or this channel of it, is gone since. */
  channel: AlertChannel | null;
}

/** Where a channel sends, as the log shows it: a URL's host only (Slack's path is its credential). */
export function channelTarget(channel: AlertChannel): string {
  return channel.kind === 'email' ? channel.to.join(', ') : new URL(channel.url).host;
}

const toRule = (e: AlertRuleEntity): StoredAlertRule => ({
  id: e.id,
  name: e.name,
  enabled: e.enabled,
  trigger: e.trigger,
  channels: e.channels,
  quietMinutes: e.quietMinutes,
  createdBy: e.createdBy,
  createdAt: e.createdAt,
  updatedBy: e.updatedBy,
  updatedAt: e.updatedAt,
});

const toDelivery = (e: AlertDeliveryEntity): AlertDelivery => ({
  id: e.id,
  ruleId: e.ruleId,
  ruleName: e.ruleName,
  eventKey: e.eventKey,
  event: e.payload.event,
  summary: e.payload.summary,
  channel: e.channel,
  target: e.target,
  status: e.status,
  attempts: e.attempts,
  lastError: e.lastError,
  responseCode: e.responseCode,
  createdAt: e.createdAt.toISOString(),
  sentAt: e.sentAt?.toISOString() ?? null,
  updatedAt: e.updatedAt.toISOString(),
});

/** Alert rules and the delivery log. */
export class AlertRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rules() {
    return this.dataSource.getRepository(AlertRuleEntity);
  }

  private get deliveries() {
    return this.dataSource.getRepository(AlertDeliveryEntity);
  }

  async listRules(): Promise<StoredAlertRule[]> {
    return (await this.rules.find({ order: { createdAt: 'ASC', id: 'ASC' } })).map(toRule);
  }

  async rule(id: string): Promise<StoredAlertRule | null> {
    const found = await this.rules.findOneBy({ id });
    return found ? toRule(found) : null;
  }

  /** The enabled rules of some trigger kinds: what an event is matched against. */
  async enabledRules(kinds: Array<AlertRuleTrigger['kind']>): Promise<StoredAlertRule[]> {
    const rows = await this.rules
      .createQueryBuilder('r')
      .where('r.enabled')
      .andWhere(`r.trigger->>'kind' = ANY(:kinds)`, { kinds })
      .orderBy('r.created_at')
      .getMany();
    return rows.map(toRule);
  }

  async createRule(content: AlertRuleContent, by: string): Promise<StoredAlertRule> {
    const saved = await this.rules.save(this.rules.create({ ...content, createdBy: by, updatedBy: null }));
    return (await this.rule(saved.id))!;
  }

  /** The rule after the change, and before it (null: no such rule). */
  async updateRule(
    id: string,
    content: AlertRuleContent,
    by: string,
  ): Promise<{ before: StoredAlertRule; after: StoredAlertRule } | null> {
    const before = await this.rule(id);
    if (!before) return null;
    await this.rules.update({ id }, { ...content, updatedBy: by, updatedAt: new Date() });
    return { before, after: (await this.rule(id))! };
  }

  /** The deleted rule (null: there was none). Its deliveries stay in the log under its name. */
  async deleteRule(id: string): Promise<StoredAlertRule | null> {
    const rule = await this.rule(id);
    if (rule) await this.rules.delete({ id });
    return rule;
  }

  /**
   * Record what one event asks of one rule, once: a delivery per channel, `pending`, or `suppressed`
   * when the rule sent (or tried to send) something for the same series within its quiet period.
   * The same event again adds nothing (unique per rule, event and channel); returns the deliveries
   * of this event still pending — those just added and, after a retry of the matching job, those
   * added before it — so the caller queues them (by id: queueing one twice is a no-op).
   */
  async recordDeliveries({ rule, eventKey, seriesKey, payload }: AlertDeliveryRequest): Promise<string[]> {
    return this.dataSource.transaction(async (tx) => {
      // One event of a rule at a time, so that two at once can't both find the rule quiet.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('alert_rule:' || $1))`, [rule.id]);
      let status: AlertDeliveryStatus = 'pending';
      if (rule.quietMinutes > 0) {
        const [recent] = await tx.query(
          `SELECT 1 FROM alert_delivery
            WHERE rule_id = $1 AND series_key = $2 AND status <> 'suppressed' AND event_key <> $3
              AND created_at > now() - make_interval(mins => $4)
            LIMIT 1`,
          [rule.id, seriesKey, eventKey, rule.quietMinutes],
        );
        if (recent) status = 'suppressed';
      }
      const values: unknown[] = [];
      const rows = rule.channels.map((channel, index) => {
        const at = values.length;
        values.push(
          rule.id,
          rule.name,
          eventKey,
          seriesKey,
          index,
          channel.kind,
          channelTarget(channel),
          JSON.stringify(payload),
          status,
        );
        return `(${Array.from({ length: 9 }, (_, i) => `$${at + i + 1}`).join(', ')})`;
      });
      const saved: Array<{ id: string; status: AlertDeliveryStatus }> = await tx.query(
        `INSERT INTO alert_delivery
           (rule_id, rule_name, event_key, series_key, channel_index, channel, target, payload, status)
         VALUES ${rows.join(', ')}
         ON CONFLICT ON CONSTRAINT alert_delivery_event_key DO UPDATE SET status = alert_delivery.status
         RETURNING id, status`,
        values,
      );
      return saved.filter((d) => d.status === 'pending').map((d) => d.id);
    });
  }

  async pending(id: string): Promise<PendingAlertDelivery | null> {
    const delivery = await this.deliveries.findOneBy({ id });
    if (!delivery) return null;
    const rule = await this.rules.findOneBy({ id: delivery.ruleId });
    return {
      id: delivery.id,
      status: delivery.status,
      attempts: delivery.attempts,
      payload: delivery.payload,
      channel: rule?.channels[delivery.channelIndex] ?? null,
    };
  }

  /**
   * One attempt and its outcome: sent; or an error, which leaves it pending (another attempt comes)
   * or, when `final`, failed.
   */
  async recordAttempt(
    id: string,
    outcome:
      | { ok: true; responseCode: number | null }
      | { ok: false; error: string; responseCode: number | null; final: boolean },
  ): Promise<void> {
    const status: AlertDeliveryStatus = outcome.ok ? 'sent' : outcome.final ? 'failed' : 'pending';
    await this.dataSource.query(
      `UPDATE alert_delivery
          SET attempts = attempts + 1, status = $2::varchar, response_code = $3::int, last_error = $4::text,
              sent_at = CASE WHEN $2::varchar = 'sent' THEN now() ELSE sent_at END, updated_at = now()
        WHERE id = $1`,
      [id, status, outcome.responseCode, outcome.ok ? null : outcome.error.slice(0, 2000)],
    );
  }

  /** The log, newest first, filtered by rule and status. */
  async page(query: AlertDeliveryQuery): Promise<AlertDeliveryPage> {
    const builder = this.deliveries.createQueryBuilder('d');
    if (query.ruleId) builder.andWhere('d.rule_id = :ruleId', { ruleId: query.ruleId });
    if (query.status) builder.andWhere('d.status = :status', { status: query.status });
    const [rows, total] = await builder
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    return { items: rows.map(toDelivery), total };
  }
}
