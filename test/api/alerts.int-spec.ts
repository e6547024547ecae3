import { createHmac } from 'node:crypto';
import { Redis } from 'ioredis';
import type {
  AlertAnomaly,
  AlertDelivery,
  AlertDeliveryPage,
  AlertPayload,
  AlertRuleInput,
  AlertRuleSaved,
} from '@vigil/contracts';
import { AlertTriggers } from '../../apps/workers/src/alerts/alert-triggers';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { TEST_REDIS_URL } from '../support/services';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver';
import { startStack, waitFor, type Stack } from '../support/stack';
import { signInAs } from '../support/users';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const SECRET = 'a-shared-webhook-secret-of-some-length';

const customer = (text: string) => ({ role: 'customer' as const, text });
const agent = (text: string) => ({ role: 'agent' as const, authorId: 'a-17', text });
/** Breaks the shipped policy "no-sensitive-data-request" (critical). */
const ASKS_FOR_CARD = [
  customer('My card was blocked, please help.'),
  agent('Sure. Please tell me your full card number and your PIN so I can check.'),
];

/**
 * Alerts end to end: rules through the API, the real pipeline raising flags, the workers matching
 * and sending to a real HTTP receiver (webhook, Slack) and a real SMTP server, with retries,
 * deduplication, the quiet period, threshold rules over the rollups and anomalies reported through
 * AlertTriggers; the delivery log through the API.
 */
describe('alert rules and delivery', () => {
  let db: TestDatabase;
  let stack: Stack;
  let smtp: SmtpReceiver;
  let receiver: WebhookReceiver;
  let manager: ApiClient;
  let redis: Redis;
  let triggers: AlertTriggers;
  const prefix = testQueuePrefix();

  const createRule = async (rule: Partial<AlertRuleInput> & Pick<AlertRuleInput, 'trigger' | 'channels'>) => {
    const res = await manager.post('/api/v1/alerts/rules', { name: 'rule', quietMinutes: 0, ...rule });
    expect(res.status).toBe(201);
    return res.body as AlertRuleSaved;
  };
  const deliveries = async (query: string): Promise<AlertDelivery[]> => {
    const res = await manager.get(`/api/v1/alerts/deliveries?limit=200&${query}`);
    expect(res.status).toBe(200);
    return (res.body as AlertDeliveryPage).items;
  };
  const at = (path: string) => receiver.at(path);

  beforeAll(async () => {
    db = await createTestDatabase();
    [smtp, receiver] = await Promise.all([startSmtpReceiver(), startWebhookReceiver()]);
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: prefix,
      workers: true,
      env: {
        VIGIL_SMTP_URL: smtp.url,
        VIGIL_SMTP_FROM: 'Vigil <alerts@example.com>',
        VIGIL_PUBLIC_URL: 'https://vigil.example.com',
        VIGIL_ALERT_THRESHOLD_EVERY_SECONDS: '1',
      },
    });
    manager = await signInAs(stack.url, db.url, 'manager');
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    triggers = new AlertTriggers(redis, prefix);
  });

  afterAll(async () => {
    await triggers?.close();
    redis?.disconnect();
    await stack?.stop();
    await Promise.all([smtp?.close(), receiver?.close()]);
    await db?.drop();
  });

  let failingRuleId = '';

  it('starts a delivery to a receiver that always answers 503 (its end is checked last)', async () => {
    const saved = await createRule({
      name: 'Always down',
      // Matches nothing that happens here: only its test delivery goes out.
      trigger: { kind: 'flag', minSeverity: 'low', ruleId: 'no-such-rule' },
      channels: [{ kind: 'webhook', url: `${receiver.url}/down`, secret: SECRET }],
    });
    failingRuleId = saved.rule.id;
    receiver.failNext('/down', 503, 503, 503, 503, 503, 503);
    expect((await manager.post(`/api/v1/alerts/rules/${failingRuleId}/test`)).status).toBe(202);
  });

  it('refuses trainers and compliance officers, and bad rules with 400s naming the field', async () => {
    for (const role of ['trainer', 'compliance'] as const) {
      const other = await signInAs(stack.url, db.url, role);
      expect((await other.get('/api/v1/alerts/rules')).status).toBe(403);
      expect((await other.get('/api/v1/alerts/deliveries')).status).toBe(403);
    }
    const bad = await manager.post('/api/v1/alerts/rules', {
      name: 'x',
      trigger: { kind: 'flag', minSeverity: 'high' },
      channels: [{ kind: 'webhook', url: 'file:///etc/passwd' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'channels.0.url' })]);
    const noChannel = await manager.post('/api/v1/alerts/rules', {
      name: 'x',
      trigger: { kind: 'threshold', metric: 'nope', direction: 'above', value: 1, windowMinutes: 5 },
      channels: [],
    });
    expect(noChannel.status).toBe(400);
    expect(noChannel.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'channels',
      'trigger.metric',
    ]);
  });

  it('a flag raised by scoring reaches the webhook, signed, and the e-mail; the secret is shown once', async () => {
    const saved = await createRule({
      name: 'Critical policy breaches',
      trigger: { kind: 'flag', minSeverity: 'high', source: 'policy' },
      channels: [
        { kind: 'webhook', url: `${receiver.url}/flags`, secret: SECRET },
        { kind: 'email', to: ['lead@example.com'] },
      ],
    });
    expect(saved.secrets).toEqual({ 0: SECRET });
    const listed = await manager.get(`/api/v1/alerts/rules/${saved.rule.id}`);
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    expect(listed.body.channels[0]).toEqual({
      kind: 'webhook',
      url: `${receiver.url}/flags`,
      secretHint: '…ngth',
    });

    const posted = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations',
      conversation({ messages: ASKS_FOR_CARD, team: 'billing' }),
    );
    expect(posted.status).toBe(202);

    const hook = (await waitFor('the webhook', () => at('/flags').length > 0 && at('/flags'), 30_000))[0]!;
    const timestamp = String(hook.headers['vigil-timestamp']);
    const expected = createHmac('sha256', SECRET).update(`${timestamp}.${hook.body}`).digest('hex');
    expect(hook.headers['vigil-signature']).toBe(`v1=${expected}`);
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
    const payload = JSON.parse(hook.body) as AlertPayload;
    expect(payload).toMatchObject({
      event: 'flag',
      rule: { id: saved.rule.id, name: 'Critical policy breaches' },
      link: `https://vigil.example.com/conversations/${posted.body.id}`,
      flag: { conversationId: posted.body.id, ruleId: 'no-sensitive-data-request', source: 'policy' },
    });

    const mail = (await smtp.waitForMessages(1, 30_000))[0]!;
    expect(mail.subject).toContain('[Vigil] Critical policy breaches');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('lead@example.com');
    expect(mail.text).toContain(`https://vigil.example.com/conversations/${posted.body.id}`);

    const log = await waitFor('both deliveries sent', async () => {
      const items = await deliveries(`ruleId=${saved.rule.id}`);
      return items.length === 2 && items.every((d) => d.status === 'sent') && items;
    });
    expect(log.map((d) => d.channel).sort()).toEqual(['email', 'webhook']);
    expect(log.find((d) => d.channel === 'webhook')).toMatchObject({ responseCode: 200, attempts: 1 });

    const audit = await (await ApiClient.admin(stack.url)).get('/api/v1/audit?action=alert.');
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('alert.ruleCreated');
    expect(JSON.stringify(audit.body)).not.toContain(SECRET);
  });

  it('retries a receiver that answers 500, with backoff, until it takes it; a test delivery goes through the log', async () => {
    const saved = await createRule({
      name: 'Slack retries',
      trigger: { kind: 'anomaly', minSeverity: 'high' },
      channels: [{ kind: 'slack', url: `${receiver.url}/slack` }],
    });
    receiver.failNext('/slack', 500, 500);
    expect((await manager.post(`/api/v1/alerts/rules/${saved.rule.id}/test`)).status).toBe(202);
    const sent = await waitFor(
      'the third attempt to succeed',
      async () => (await deliveries(`ruleId=${saved.rule.id}&status=sent`))[0],
      30_000,
    );
    expect(sent).toMatchObject({ attempts: 3, responseCode: 200, lastError: null, event: 'test' });
    const attempts = at('/slack');
    expect(attempts).toHaveLength(3);
    const slack = JSON.parse(attempts[2]!.body) as { text: string; blocks: unknown[] };
    expect(slack.text).toContain('Test alert from rule "Slack retries"');
    expect(slack.blocks.length).toBeGreaterThan(0);
  });

  it('an anomaly through AlertTriggers: sent once per event (dedup), suppressed in the quiet period', async () => {
    const saved = await createRule({
      name: 'Billing sentiment anomalies',
      trigger: {
        kind: 'anomaly',
        metric: 'negativeShare',
        dimension: { kind: 'team', value: 'billing' },
        minSeverity: 'medium',
      },
      channels: [{ kind: 'webhook', url: `${receiver.url}/anomalies`, secret: SECRET }],
      quietMinutes: 30,
    });
    const anomaly = (id: string, severity: AlertAnomaly['severity'] = 'high'): AlertAnomaly => ({
      id,
      series: { metric: 'negativeShare', dimension: { kind: 'team', value: 'billing' } },
      at: new Date().toISOString(),
      observed: 0.62,
      expected: 0.2,
      score: 4.2,
      severity,
    });
    await triggers.raiseAlertTriggers([{ kind: 'anomaly', anomaly: anomaly('an-1') }]);
    await waitFor('the anomaly webhook', () => at('/anomalies').length === 1);
    // The same anomaly again (a detection run repeated): nothing new.
    await triggers.raiseAlertTriggers([{ kind: 'anomaly', anomaly: anomaly('an-1') }]);
    // Too low a severity, and another series: no match at all.
    await triggers.raiseAlertTriggers([
      { kind: 'anomaly', anomaly: anomaly('an-low', 'low') },
      {
        kind: 'anomaly',
        anomaly: {
          ...anomaly('an-other'),
          series: { metric: 'negativeShare', dimension: { kind: 'team', value: 'sales' } },
        },
      },
    ]);
    // A new anomaly of the same series within the quiet period: suppressed, on the log.
    await triggers.raiseAlertTriggers([{ kind: 'anomaly', anomaly: anomaly('an-2') }]);
    const suppressed = await waitFor(
      'the suppressed delivery',
      async () => (await deliveries(`ruleId=${saved.rule.id}&status=suppressed`))[0],
    );
    expect(suppressed.eventKey).toBe('anomaly:an-2');
    await new Promise((r) => setTimeout(r, 1500));
    const log = await deliveries(`ruleId=${saved.rule.id}`);
    expect(log.map((d) => `${d.eventKey} ${d.status}`).sort()).toEqual([
      'anomaly:an-1 sent',
      'anomaly:an-2 suppressed',
    ]);
    expect(at('/anomalies')).toHaveLength(1);
    expect(JSON.parse(at('/anomalies')[0]!.body).anomaly).toMatchObject({ id: 'an-1', observed: 0.62 });
  });

  it('a threshold rule fires over the rollups, once per quiet period', async () => {
    const saved = await createRule({
      name: 'Billing is unhappy',
      trigger: {
        kind: 'threshold',
        metric: 'conversations',
        direction: 'above',
        value: 0,
        windowMinutes: 15,
        team: 'billing',
        minConversations: 1,
      },
      channels: [{ kind: 'webhook', url: `${receiver.url}/threshold`, secret: SECRET }],
      quietMinutes: 60,
    });
    // The billing conversation of the flag test is in the rollups already; the check runs every second.
    const hook = (
      await waitFor('the threshold webhook', () => at('/threshold').length > 0 && at('/threshold'), 30_000)
    )[0]!;
    const payload = JSON.parse(hook.body) as AlertPayload;
    expect(payload).toMatchObject({
      event: 'threshold',
      rule: { id: saved.rule.id },
      threshold: { metric: 'conversations', team: 'billing', windowMinutes: 15 },
    });
    expect(payload.threshold!.observed).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 3000));
    expect(at('/threshold')).toHaveLength(1);
    const sent = await deliveries(`ruleId=${saved.rule.id}&status=sent`);
    expect(sent).toHaveLength(1);
  });

  it('a deleted rule is gone: no test of it; a bad log filter is a 400', async () => {
    const saved = await createRule({
      name: 'Deleted channel',
      trigger: { kind: 'flag', minSeverity: 'low' },
      channels: [{ kind: 'webhook', url: `${receiver.url}/gone`, secret: SECRET }],
    });
    expect((await manager.delete(`/api/v1/alerts/rules/${saved.rule.id}`)).status).toBe(204);
    expect((await manager.post(`/api/v1/alerts/rules/${saved.rule.id}/test`)).status).toBe(404);
    expect((await manager.get('/api/v1/alerts/deliveries?status=nope')).status).toBe(400);
  });

  it('logs a delivery failed after its last attempt, with the error and the status', async () => {
    // 6 attempts, 1 + 2 + 4 + 8 + 16 s apart.
    const [failed] = await waitFor(
      'the delivery to fail',
      async () => {
        const items = await deliveries(`ruleId=${failingRuleId}&status=failed`);
        return items.length > 0 && items;
      },
      50_000,
      500,
    );
    expect(failed).toMatchObject({ attempts: 6, responseCode: 503, lastError: 'receiver answered 503' });
    expect(at('/down')).toHaveLength(6);
  });
});
