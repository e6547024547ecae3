import {
  alertRuleSchema,
  alertPayload,
  eventKeyOf,
  quietSeriesOf,
  triggerMatches,
  type AlertAnomaly,
  type AlertRuleTrigger,
  type AlertTrigger,
} from './alerts';
import type { RaisedFlag } from './flags';

const flag = (over: Partial<RaisedFlag> = {}): AlertTrigger => ({
  kind: 'flag',
  flag: {
    id: 'f-1',
    conversationId: 'c-1',
    source: 'policy',
    ruleId: 'no-sensitive-data-request',
    label: 'Asked for card number',
    severity: 'critical',
    team: 'billing',
    channel: 'chat',
    raisedAt: '2026-12-05T10:00:00.000Z',
    ...over,
  },
});
const anomaly = (over: Partial<AlertAnomaly> = {}): AlertTrigger => ({
  kind: 'anomaly',
  anomaly: {
    id: 'a-1',
    series: { metric: 'negativeShare', dimension: { kind: 'team', value: 'billing' } },
    at: '2026-12-05T10:00:00.000Z',
    observed: 0.6,
    expected: 0.2,
    score: 4,
    severity: 'medium',
    ...over,
  },
});

describe('alert rule matching', () => {
  it('matches flags by minimum severity, source and rule', () => {
    const high: AlertRuleTrigger = { kind: 'flag', minSeverity: 'high' };
    expect(triggerMatches(high, 'r', flag())).toBe(true);
    expect(triggerMatches(high, 'r', flag({ severity: 'medium' }))).toBe(false);
    expect(triggerMatches({ ...high, source: 'fraud' }, 'r', flag())).toBe(false);
    expect(triggerMatches({ ...high, source: 'policy' }, 'r', flag({ source: undefined }))).toBe(true);
    expect(triggerMatches({ ...high, ruleId: 'other' }, 'r', flag())).toBe(false);
    expect(triggerMatches(high, 'r', anomaly())).toBe(false);
  });

  it('matches anomalies by metric, dimension (and value) and minimum severity', () => {
    const any: AlertRuleTrigger = { kind: 'anomaly', minSeverity: 'low' };
    expect(triggerMatches(any, 'r', anomaly())).toBe(true);
    expect(triggerMatches({ ...any, minSeverity: 'high' }, 'r', anomaly())).toBe(false);
    expect(triggerMatches({ ...any, metric: 'qaScore' }, 'r', anomaly())).toBe(false);
    expect(triggerMatches({ ...any, dimension: { kind: 'team' } }, 'r', anomaly())).toBe(true);
    expect(triggerMatches({ ...any, dimension: { kind: 'team', value: 'sales' } }, 'r', anomaly())).toBe(
      false,
    );
    expect(triggerMatches({ ...any, dimension: { kind: 'channel' } }, 'r', anomaly())).toBe(false);
    expect(triggerMatches(any, 'r', flag())).toBe(false);
  });

  it('matches a threshold crossing only to the rule that found it', () => {
    const trigger = alertRuleSchema.parse({
      name: 't',
      trigger: {
        kind: 'threshold',
        metric: 'negativeShare',
        direction: 'above',
        value: 0.3,
        windowMinutes: 15,
      },
      channels: [{ kind: 'slack', url: 'https://hooks.slack.com/services/x' }],
    }).trigger;
    const crossing = (ruleId: string): AlertTrigger => ({
      kind: 'threshold',
      ruleId,
      threshold: {
        metric: 'negativeShare',
        direction: 'above',
        value: 0.3,
        observed: 0.4,
        conversations: 20,
        windowMinutes: 15,
        team: null,
        from: '2026-12-05T09:46:00.000Z',
        to: '2026-12-05T10:01:00.000Z',
      },
    });
    expect(triggerMatches(trigger, 'r-1', crossing('r-1'))).toBe(true);
    expect(triggerMatches(trigger, 'r-1', crossing('r-2'))).toBe(false);
    const payload = alertPayload({ id: 'r-1', name: 'Unhappy' }, crossing('r-1'), 'k', 'https://v.example');
    expect(payload.summary).toBe(
      'Negative sentiment share overall is 40 % over 15 min (above 30 %; 20 conversations)',
    );
  });
});

describe('deduplication and quiet-period keys', () => {
  it('one event key per event, one quiet series per anomaly series, flag rule or threshold rule', () => {
    expect(eventKeyOf(anomaly())).toBe('anomaly:a-1');
    expect(eventKeyOf(flag())).toBe('flag:f-1');
    expect(quietSeriesOf(anomaly({ id: 'a-2' }))).toBe(quietSeriesOf(anomaly()));
    expect(quietSeriesOf(flag({ id: 'f-2', conversationId: 'c-2' }))).toBe(quietSeriesOf(flag()));
    expect(quietSeriesOf(flag({ ruleId: 'other' }))).not.toBe(quietSeriesOf(flag()));
  });
});

describe('the alert rule schema', () => {
  const base = { name: 'r', trigger: { kind: 'flag', minSeverity: 'high' } };
  it('takes only http(s) webhook URLs and a long enough secret', () => {
    const accepted = (channel: unknown) =>
      alertRuleSchema.safeParse({ ...base, channels: [channel] }).success;
    expect(accepted({ kind: 'webhook', url: 'javascript:alert(1)' })).toBe(false);
    expect(accepted({ kind: 'webhook', url: 'ftp://example.com/x' })).toBe(false);
    expect(accepted({ kind: 'webhook', url: 'https://example.com/x', secret: 'short' })).toBe(false);
    expect(accepted({ kind: 'webhook', url: 'https://example.com/x' })).toBe(true);
    expect(accepted({ kind: 'email', to: ['not an address'] })).toBe(false);
  });
});
