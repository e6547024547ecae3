import type { AlertPayload, AlertRuleSaved, Anomaly } from '@vigil/contracts';
import { ApiClient } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver';
import {
  MINUTE,
  postSimulatedHistory,
  scheduleIncidentAt,
  waitForAnomalies,
} from '../support/simulated-incident';
import { runProcess, startStack, waitFor, type RunningProcess, type Stack } from '../support/stack';
import { signInAs } from '../support/users';
import { hasValidSignature, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

const SECRET = 'incident-webhook-secret-of-some-length';
const SEED = 'incident-e2e';
/**
 * Conversations per second of the simulated history: 60 a minute keeps the test short (~7,500 to
 * score) while the surging team's usual 15 a minute is enough for its tripled volume to stand out.
 */
const RATE = 1;

/**
 * The demo's story end to end, in simulated time: the simulator posts two hours of backdated
 * conversations with one of its scheduled topic surges three minutes ago (everything through the
 * public API, scored by the real workers), the workers' detection tick raises the volume anomaly of
 * the surging team once its minutes are scored, the API lists it, and an alert rule on that team's
 * volume delivers it to a webhook (signed) and by e-mail. (The surging topic's own series is weaker
 * evidence here: the engine files only about a fifth of the simulator's "card not working"
 * conversations under card.declined.)
 */
describe('a simulated incident raises its anomaly and alerts', () => {
  let db: TestDatabase;
  let stack: Stack;
  let workers: RunningProcess | undefined;
  let smtp: SmtpReceiver;
  let receiver: WebhookReceiver;
  let manager: ApiClient;
  let rule: AlertRuleSaved;

  // The surge: minutes S and S + 1, after 120 minutes of usual traffic, with usual traffic after it.
  const S = Math.floor(Date.now() / MINUTE) * MINUTE - 3 * MINUTE;
  const { schedule, incident: surge } = scheduleIncidentAt(SEED, 'topic-surge', S);

  beforeAll(async () => {
    expect(surge).toMatchObject({ kind: 'topic-surge', startsAt: S, endsAt: S + 2 * MINUTE });
    db = await createTestDatabase();
    [smtp, receiver] = await Promise.all([startSmtpReceiver(), startWebhookReceiver()]);
    // The API first, without workers: the whole history is stored before anything is scored, so
    // detection sees it arrive only through scoring, as it would after a burst.
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      env: {
        VIGIL_SMTP_URL: smtp.url,
        VIGIL_PUBLIC_URL: 'https://vigil.example.com',
        VIGIL_ANOMALY_EVERY_SECONDS: '1',
        VIGIL_ANOMALY_GRACE_SECONDS: '1',
      },
    });
    manager = await signInAs(stack.url, db.url, 'manager');
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.stop();
    await Promise.all([smtp?.close(), receiver?.close()]);
    await db?.drop();
  });

  it('takes an alert rule on the volume of the surging team, to a webhook and by e-mail', async () => {
    const res = await manager.post('/api/v1/alerts/rules', {
      name: 'Complaint surges',
      trigger: {
        kind: 'anomaly',
        metric: 'volume',
        dimension: { kind: 'team', value: surge.team },
        minSeverity: 'low',
      },
      channels: [
        { kind: 'webhook', url: `${receiver.url}/incident`, secret: SECRET },
        { kind: 'email', to: ['manager@example.com'] },
      ],
      quietMinutes: 30,
    });
    expect(res.status).toBe(201);
    rule = res.body;
  });

  it('posts two hours of simulated history with the surge, through the bulk API', async () => {
    const history = await postSimulatedHistory(stack.url, {
      seed: SEED,
      from: S - 120 * MINUTE,
      rate: RATE,
      schedule,
    });
    // 60 a minute for ~123 minutes, and the surge's extra traffic (its team's volume tripled).
    expect(history).toMatchObject({ errors: 0, rejected: 0 });
    expect(history.accepted).toBe(history.sent);
    expect(history.sent).toBeGreaterThan(123 * 60);
  });

  let raised: Anomaly;

  it('the workers score it and raise the volume anomaly of the surging team, listed by the API', async () => {
    workers = runProcess('apps/workers/dist/main.js', stack.env);
    const query = `?metric=volume&dimension=team:${surge.team}&since=${new Date(S - 150 * MINUTE).toISOString()}`;
    const items = await waitForAnomalies(manager, query, workers);
    // Raised in the surge (no earlier point of this series was unusual), above what was expected.
    expect(items.map((a) => a.at).every((at) => Date.parse(at) >= S)).toBe(true);
    raised = items.at(-1)!;
    expect(raised).toMatchObject({
      series: { metric: 'volume', dimension: { kind: 'team', value: surge.team } },
      at: expect.stringMatching(
        new RegExp(`^(${new Date(S).toISOString()}|${new Date(S + MINUTE).toISOString()})$`),
      ),
      severity: expect.stringMatching(/^(low|medium|high)$/),
    });
    expect(raised.observed).toBeGreaterThan(raised.upper);
    expect(raised.observed).toBeGreaterThan(2 * raised.expected);
    expect(raised.score).toBeGreaterThanOrEqual(0.15);
    expect(raised.score).toBeLessThanOrEqual(1);
  }, 120_000);

  it('the alert rule delivers it to the webhook, signed with the secret, and by e-mail', async () => {
    const [hook] = await waitFor(
      'the webhook',
      () => receiver.at('/incident').length > 0 && receiver.at('/incident'),
    );
    expect(hasValidSignature(hook!, SECRET)).toBe(true);
    expect(hasValidSignature(hook!, 'another-secret-of-the-same-kind')).toBe(false);
    const payload = JSON.parse(hook!.body) as AlertPayload;
    expect(payload).toMatchObject({
      event: 'anomaly',
      rule: { id: rule.rule.id, name: 'Complaint surges' },
      anomaly: {
        id: raised.id,
        series: { metric: 'volume', dimension: { kind: 'team', value: surge.team } },
        at: raised.at,
        observed: raised.observed,
        severity: raised.severity,
      },
    });

    const [mail] = await smtp.waitForMessages(1, 20_000);
    expect(mail!.subject).toContain('[Vigil] Complaint surges');
    expect(mail!.to && !Array.isArray(mail!.to) ? mail!.to.text : '').toBe('manager@example.com');
    expect(mail!.text).toContain(surge.team);
  });
});
