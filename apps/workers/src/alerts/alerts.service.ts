import type { Queue } from 'bullmq';
import {
  GRANULARITY_MS,
  JOB_DEFAULTS,
  QueueName,
  addCounters,
  alertPayload,
  bucketStart,
  eventKeyOf,
  quietSeriesOf,
  toMetricPoint,
  triggerMatches,
  zeroCounters,
  type AlertDeliveryJob,
  type AlertThreshold,
  type AlertTrigger,
  type AlertsJob,
} from '@vigil/contracts';
import { OVERALL, type AlertRepository, type RollupRepository, type StoredAlertRule } from '@vigil/data';

/**
 * Matching: what happened against the enabled rules; each match becomes deliveries (one per
 * channel, or suppressed in the rule's quiet period), each queued as its own `alert-delivery` job.
 */
export class AlertsService {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly rollups: RollupRepository,
    private readonly deliveryQueue: Queue<AlertDeliveryJob>,
    private readonly dashboardUrl: string,
  ) {}

  async run(job: AlertsJob, now = new Date()): Promise<number> {
    if ('thresholds' in job) return this.checkThresholds(now);
    return this.match(job.triggers);
  }

  /** Returns how many deliveries were queued. */
  async match(triggers: AlertTrigger[]): Promise<number> {
    const kinds = [...new Set(triggers.map((t) => t.kind))];
    const rules = await this.alerts.enabledRules(kinds);
    let queued = 0;
    for (const trigger of triggers) {
      for (const rule of rules) {
        if (triggerMatches(rule.trigger, rule.id, trigger)) queued += await this.deliver(rule, trigger);
      }
    }
    return queued;
  }

  private async deliver(rule: StoredAlertRule, trigger: AlertTrigger): Promise<number> {
    const eventKey = eventKeyOf(trigger);
    const ids = await this.alerts.recordDeliveries({
      rule,
      eventKey,
      seriesKey: quietSeriesOf(trigger),
      payload: alertPayload(rule, trigger, eventKey, this.dashboardUrl),
    });
    if (ids.length) {
      // The delivery's id is the job's: queueing it again (a retried match) is a no-op while it waits.
      await this.deliveryQueue.addBulk(
        ids.map((deliveryId) => ({
          name: QueueName.AlertDelivery,
          data: { deliveryId },
          opts: { ...JOB_DEFAULTS[QueueName.AlertDelivery], jobId: deliveryId },
        })),
      );
    }
    return ids.length;
  }

  /**
   * Every enabled threshold rule over its window of per-minute rollups, the window ending with the
   * current minute; a rule whose metric is past its value (with enough conversations) fires.
   */
  async checkThresholds(now: Date): Promise<number> {
    const rules = await this.alerts.enabledRules(['threshold']);
    const to = new Date(bucketStart(now, 'minute').getTime() + GRANULARITY_MS.minute);
    const crossed: AlertTrigger[] = [];
    for (const rule of rules) {
      if (rule.trigger.kind !== 'threshold') continue;
      const { metric, direction, value, windowMinutes, team, minConversations } = rule.trigger;
      const from = new Date(to.getTime() - windowMinutes * GRANULARITY_MS.minute);
      const series = team ? { dimension: 'team' as const, values: [team] } : OVERALL;
      const rows = await this.rollups.series('minute', series, from, to);
      const totals = rows.reduce(addCounters, zeroCounters());
      if (totals.conversations < minConversations) continue;
      const observed = toMetricPoint('', totals)[metric];
      if (observed === null) continue;
      if (direction === 'above' ? observed <= value : observed >= value) continue;
      const threshold: AlertThreshold = {
        metric,
        direction,
        value,
        observed,
        conversations: totals.conversations,
        windowMinutes,
        team: team ?? null,
        from: from.toISOString(),
        to: to.toISOString(),
      };
      crossed.push({ kind: 'threshold', ruleId: rule.id, threshold });
    }
    return crossed.length ? this.match(crossed) : 0;
  }
}
