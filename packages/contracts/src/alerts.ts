import { ANOMALY_SEVERITIES, type Anomaly } from './anomalies';
import { z } from 'zod';
import { SEVERITIES, type Severity } from './compliance';
import { FLAG_SOURCES, type RaisedFlag } from './flags';
import { DIMENSIONS } from './metrics';

/**
 * Alert rules and their deliveries. A rule says what is worth telling someone (its trigger) and
 * where to tell it (its channels). The workers match what happens (a flag raised, an anomaly found,
 * a threshold crossed on the rollups) against the enabled rules and deliver one message per rule,
 * event and channel, retried with backoff; a rule that fired for the same series within its quiet
 * period is not sent again (the delivery log says "suppressed").
 */

// ---- what a rule watches --------------------------------------------------------------------------

/** The metrics a threshold rule can watch: derived from the per-minute rollups over its window. */
export const THRESHOLD_METRICS = [
  'negativeShare',
  'sentiment',
  'qaScore',
  'escalationShare',
  'churnShare',
  'conversations',
] as const;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];

export const THRESHOLD_METRIC_LABELS: Record<ThresholdMetric, string> = {
  negativeShare: 'Negative sentiment share',
  sentiment: 'Mean customer sentiment',
  qaScore: 'Mean QA score',
  escalationShare: 'Escalation share',
  churnShare: 'Churn-intent share',
  conversations: 'Conversations',
};

const severityOrder = <T extends string>(list: readonly T[]) =>
  Object.fromEntries(list.map((s, i) => [s, i + 1])) as Record<T, number>;
export const ANOMALY_SEVERITY_RANK = severityOrder(ANOMALY_SEVERITIES);

const name = z.string().trim().min(1).max(200);

export const anomalyTriggerSchema = z.strictObject({
  kind: z.literal('anomaly'),
  /** Only anomalies of this series metric (any when absent). */
  metric: name.optional(),
  /** Only anomalies of this dimension, and of this value of it when given. */
  dimension: z.strictObject({ kind: z.enum(DIMENSIONS), value: name.optional() }).optional(),
  minSeverity: z.enum(ANOMALY_SEVERITIES),
});

export const flagTriggerSchema = z.strictObject({
  kind: z.literal('flag'),
  minSeverity: z.enum(SEVERITIES),
  source: z.enum(FLAG_SOURCES).optional(),
  /** Only flags of this rule (a policy rule id). */
  ruleId: name.optional(),
});

export const thresholdTriggerSchema = z.strictObject({
  kind: z.literal('threshold'),
  metric: z.enum(THRESHOLD_METRICS),
  /** Fires when the metric over the window is above (or below) the value. Shares are in [0, 1]. */
  direction: z.enum(['above', 'below']),
  value: z.number().finite(),
  windowMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** One team's conversations; overall when absent. */
  team: name.optional(),
  /** Too few conversations in the window say nothing: no alert below this many. */
  minConversations: z.number().int().min(1).max(1_000_000).default(10),
});

export const alertTriggerSchema = z.discriminatedUnion('kind', [
  anomalyTriggerSchema,
  flagTriggerSchema,
  thresholdTriggerSchema,
]);
export type AlertRuleTrigger = z.output<typeof alertTriggerSchema>;
export type AlertTriggerKind = AlertRuleTrigger['kind'];
export const ALERT_TRIGGER_KINDS = ['flag', 'anomaly', 'threshold'] as const satisfies AlertTriggerKind[];

// ---- where a rule sends ---------------------------------------------------------------------------

/** Only http and https: a webhook to file:, data: or anything else is refused at the edge. */
const webUrl = z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2000);

/** A webhook secret signs every body (HMAC-SHA256); given or generated, it is shown once. */
export const WEBHOOK_SECRET_MIN = 16;

export const alertChannelSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('webhook'),
    url: webUrl,
    /** Absent on creation: one is generated. Absent on a change: the one kept for this URL stays. */
    secret: z.string().min(WEBHOOK_SECRET_MIN).max(200).optional(),
  }),
  z.strictObject({ kind: z.literal('slack'), url: webUrl }),
  z.strictObject({
    kind: z.literal('email'),
    to: z.array(z.email().max(320)).min(1, 'needs at least one address').max(50),
  }),
]);
export type AlertChannelInput = z.output<typeof alertChannelSchema>;
export const ALERT_CHANNEL_KINDS = ['webhook', 'slack', 'email'] as const;
export type AlertChannelKind = (typeof ALERT_CHANNEL_KINDS)[number];

/** A channel as stored (the webhook's secret always present). */
export type AlertChannel =
  | { kind: 'webhook'; url: string; secret: string }
  | { kind: 'slack'; url: string }
  | { kind: 'email'; to: string[] };

/** A channel as the API shows it after creation: a webhook's secret only by its last four characters. */
export type AlertChannelView =
  | { kind: 'webhook'; url: string; secretHint: string }
  | { kind: 'slack'; url: string }
  | { kind: 'email'; to: string[] };

export const alertRuleSchema = z.strictObject({
  name,
  enabled: z.boolean().default(true),
  trigger: alertTriggerSchema,
  channels: z.array(alertChannelSchema).min(1, 'needs at least one channel').max(10),
  /** After firing for a series, the rule stays quiet for that series this long (0: never quiet). */
  quietMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(30),
});
export type AlertRuleInput = z.output<typeof alertRuleSchema>;

export interface AlertRule {
  id: string;
  name: string;
  enabled: boolean;
  trigger: AlertRuleTrigger;
  channels: AlertChannelView[];
  quietMinutes: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string | null;
  updatedAt: string;
}

/** The answer to a creation or change: the rule, and the webhook secrets in full this once. */
export interface AlertRuleSaved {
  rule: AlertRule;
  /** Per channel index, the full secret of each webhook channel whose secret was set now. */
  secrets: Record<number, string>;
}

// ---- what happens (the input of the `alerts` queue) ---------------------------------------------

/** An anomaly as the detection in the workers reports it. */
export type AlertAnomaly = Pick<
  Anomaly,
  'id' | 'series' | 'at' | 'observed' | 'expected' | 'score' | 'severity'
>;

/** A flag raised by scoring (source absent: a policy flag). */
export type AlertFlag = RaisedFlag;

/** A threshold rule's metric over its window, when it crossed the value. */
export interface AlertThreshold {
  metric: ThresholdMetric;
  direction: 'above' | 'below';
  value: number;
  observed: number;
  conversations: number;
  windowMinutes: number;
  team: string | null;
  from: string;
  to: string;
}

/** Something that happened that rules may alert on; threshold crossings are found by the workers. */
export type AlertTrigger =
  | { kind: 'anomaly'; anomaly: AlertAnomaly }
  | { kind: 'flag'; flag: AlertFlag }
  | { kind: 'threshold'; ruleId: string; threshold: AlertThreshold };

// ---- what is sent ---------------------------------------------------------------------------------

/** The JSON body of a webhook delivery (README "Alerts": how to verify its signature). */
export interface AlertPayload {
  /** The rule's id and the event's key: the same on every retry and channel; receivers may deduplicate on it. */
  id: string;
  event: AlertTriggerKind | 'test';
  rule: { id: string; name: string };
  /** One line, as Slack and the e-mail subject show it. */
  summary: string;
  /** The dashboard page that shows it. */
  link: string;
  occurredAt: string;
  anomaly?: AlertAnomaly;
  flag?: AlertFlag;
  threshold?: AlertThreshold;
}

export const ALERT_DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'suppressed'] as const;
export type AlertDeliveryStatus = (typeof ALERT_DELIVERY_STATUSES)[number];

export interface AlertDelivery {
  id: string;
  ruleId: string;
  ruleName: string;
  eventKey: string;
  event: AlertPayload['event'];
  summary: string;
  channel: AlertChannelKind;
  /** Where it went: the webhook's or Slack's URL host, or the e-mail addresses. */
  target: string;
  status: AlertDeliveryStatus;
  attempts: number;
  lastError: string | null;
  responseCode: number | null;
  createdAt: string;
  sentAt: string | null;
  updatedAt: string;
}

export interface AlertDeliveryPage {
  items: AlertDelivery[];
  total: number;
}

export const alertDeliveryQuerySchema = z.strictObject({
  ruleId: z.uuid().optional(),
  status: z.enum(ALERT_DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type AlertDeliveryQuery = z.output<typeof alertDeliveryQuerySchema>;

/** Does a rule's trigger match what happened? (Threshold crossings are matched by rule id.) */
export function triggerMatches(trigger: AlertRuleTrigger, ruleId: string, event: AlertTrigger): boolean {
  switch (trigger.kind) {
    case 'flag': {
      if (event.kind !== 'flag') return false;
      const flag = event.flag;
      return (
        SEVERITY_ORDER[flag.severity] >= SEVERITY_ORDER[trigger.minSeverity] &&
        (!trigger.source || (flag.source ?? 'policy') === trigger.source) &&
        (!trigger.ruleId || flag.ruleId === trigger.ruleId)
      );
    }
    case 'anomaly': {
      if (event.kind !== 'anomaly') return false;
      const { series, severity } = event.anomaly;
      return (
        ANOMALY_SEVERITY_RANK[severity] >= ANOMALY_SEVERITY_RANK[trigger.minSeverity] &&
        (!trigger.metric || series.metric === trigger.metric) &&
        (!trigger.dimension ||
          (series.dimension.kind === trigger.dimension.kind &&
            (trigger.dimension.value === undefined || series.dimension.value === trigger.dimension.value)))
      );
    }
    case 'threshold':
      return event.kind === 'threshold' && event.ruleId === ruleId;
  }
}

const SEVERITY_ORDER = severityOrder<Severity>(SEVERITIES);

/**
 * What the quiet period is kept per: the same anomaly series, the same flag rule, the same threshold
 * rule. Two events of one series within a rule's quiet minutes send once.
 */
export function quietSeriesOf(event: AlertTrigger): string {
  switch (event.kind) {
    case 'anomaly': {
      const { metric, dimension } = event.anomaly.series;
      return `anomaly:${metric}:${dimension.kind}:${dimension.value}`;
    }
    case 'flag':
      return `flag:${event.flag.source ?? 'policy'}:${event.flag.ruleId}`;
    case 'threshold':
      return `threshold:${event.ruleId}`;
  }
}

/** One delivery per rule, event and channel: the same event twice is sent once. */
export function eventKeyOf(event: AlertTrigger): string {
  switch (event.kind) {
    case 'anomaly':
      return `anomaly:${event.anomaly.id}`;
    case 'flag':
      return `flag:${event.flag.id}`;
    case 'threshold':
      // One check per window end (minute): the same check run twice is one event.
      return `threshold:${event.threshold.to}`;
  }
}

const percent = (v: number) => `${Math.round(v * 1000) / 10} %`;

/** A threshold metric's value as people read it (shares in per cent). */
export function formatThresholdValue(metric: ThresholdMetric, value: number): string {
  if (metric.endsWith('Share')) return percent(value);
  if (metric === 'sentiment') return value.toFixed(2);
  return String(Math.round(value * 10) / 10);
}

/**
 * The message of one rule about one event, the same for every channel (webhook body; Slack and the
 * e-mail are written from it). `dashboardUrl` is the dashboard's address, without a trailing slash.
 */
export function alertPayload(
  rule: { id: string; name: string },
  event: AlertTrigger | { kind: 'test'; at: string },
  eventKey: string,
  dashboardUrl: string,
): AlertPayload {
  const base = { id: `${rule.id}:${eventKey}`, rule: { id: rule.id, name: rule.name } };
  switch (event.kind) {
    case 'test':
      return {
        ...base,
        event: 'test',
        summary: `Test alert from rule "${rule.name}"`,
        link: `${dashboardUrl}/settings/alerts`,
        occurredAt: event.at,
      };
    case 'flag': {
      const { flag } = event;
      return {
        ...base,
        event: 'flag',
        summary: `${flag.severity} flag: ${flag.label}${flag.team ? ` (team ${flag.team})` : ''}`,
        link: `${dashboardUrl}/conversations/${flag.conversationId}`,
        occurredAt: flag.raisedAt,
        flag,
      };
    }
    case 'anomaly': {
      const { anomaly } = event;
      const { metric, dimension } = anomaly.series;
      const where = dimension.kind === 'all' ? 'overall' : `${dimension.kind} ${dimension.value}`;
      return {
        ...base,
        event: 'anomaly',
        summary: `${anomaly.severity} anomaly: ${metric} ${where} is ${anomaly.observed} (expected ${anomaly.expected})`,
        link: `${dashboardUrl}/`,
        occurredAt: anomaly.at,
        anomaly,
      };
    }
    case 'threshold': {
      const t = event.threshold;
      return {
        ...base,
        event: 'threshold',
        summary:
          `${THRESHOLD_METRIC_LABELS[t.metric]} ${t.team ? `in team ${t.team}` : 'overall'} is ` +
          `${formatThresholdValue(t.metric, t.observed)} over ${t.windowMinutes} min ` +
          `(${t.direction} ${formatThresholdValue(t.metric, t.value)}; ${t.conversations} conversations)`,
        link: `${dashboardUrl}/`,
        occurredAt: t.to,
        threshold: t,
      };
    }
  }
}
