import type { ConversationDetail, FlagPage, FraudOverview } from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, waitFor, type Stack } from '../support/stack';
import { addUser, signIn } from '../support/users';

const customer = (text: string) => ({ role: 'customer' as const, text });
const agent = (text: string) => ({ role: 'agent' as const, authorId: 'a-17', text });

/** An account takeover attempt: failed identity check, contact change, new payee, pressure, secrecy. */
const TAKEOVER = {
  messages: [
    customer('I need to change my phone number and email on the account right now.'),
    agent('I can help, but first I need to verify your identity.'),
    customer("There is no time, add a new payee and don't tell anyone about this."),
  ],
  metadata: { auth: { verified: false, failedAttempts: 2 }, simulation: { incident: 'test' } },
};
const BENIGN = {
  messages: [
    customer('My card was stolen, please block my card immediately, it is urgent!'),
    agent('I have blocked it and ordered a replacement to your registered address.'),
  ],
  metadata: { auth: { verified: true } },
};

/**
 * The fraud analyzer in the real pipeline: conversations posted with an ingest key are scored by
 * the workers, `scores.fraud` is stored with its evidence, a risky one raises one fraud flag, and
 * rescoring updates that flag instead of adding another; the fraud view lists the riskiest.
 */
describe('fraud risk', () => {
  let db: TestDatabase;
  let stack: Stack;
  let admin: ApiClient;
  let compliance: ApiClient;
  let trainer: ApiClient;
  const ids = { takeover: '', benign: '' };

  const post = async (body: object): Promise<string> => {
    const res = await ApiClient.ingest(stack.url).post('/api/v1/conversations', conversation(body));
    expect(res.status).toBe(202);
    return res.body.id;
  };
  const detail = async (id: string): Promise<ConversationDetail> =>
    (await admin.get(`/api/v1/conversations/${id}`)).body;
  const fraudFlags = async (): Promise<FlagPage> => {
    const res = await compliance.get('/api/v1/flags?source=fraud&limit=200');
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    admin = await ApiClient.admin(stack.url);
    compliance = await signIn(stack.url, (await addUser(admin, 'compliance')).email);
    trainer = await signIn(stack.url, (await addUser(admin, 'trainer')).email);
    ids.takeover = await post(TAKEOVER);
    ids.benign = await post(BENIGN);
    await waitFor(
      'the conversations to be scored',
      async () => {
        for (const id of Object.values(ids)) if ((await detail(id)).status !== 'scored') return false;
        return true;
      },
      30_000,
    );
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('stores scores.fraud with signals and evidence, and scores the benign conversation low', async () => {
    const takeover = (await detail(ids.takeover)).scores.fraud!;
    expect(takeover.result.flagged).toBe(true);
    expect(takeover.result.risk).toBeGreaterThanOrEqual(60);
    expect(takeover.result.signals.map((s) => s.key)).toEqual(
      expect.arrayContaining(['auth_failed', 'contact_change', 'new_payee', 'secrecy']),
    );
    const secrecy = takeover.result.signals.find((s) => s.kind === 'secrecy')!;
    expect(takeover.evidence[secrecy.evidence[0]!]).toMatchObject({
      messageIndex: 2,
      quote: "don't tell anyone",
      target: { kind: 'fraud', key: 'secrecy' },
    });
    const benign = (await detail(ids.benign)).scores.fraud!;
    expect(benign.result.risk).toBeLessThan(20);
    expect(benign.result.flagged).toBe(false);
  });

  it('raises one fraud flag with the signals as evidence, filtered by source', async () => {
    const page = await fraudFlags();
    expect(page.items.map((f) => [f.conversationId, f.source, f.ruleId])).toEqual([
      [ids.takeover, 'fraud', 'fraud.risk'],
    ]);
    const flag = (await compliance.get(`/api/v1/flags/${page.items[0]!.id}`)).body;
    expect(flag.label).toMatch(/^Fraud risk \d+$/);
    expect(flag.evidence.map((e: { target: { kind: string } }) => e.target.kind)).toContain('fraud');
    const policy = await compliance.get('/api/v1/flags?source=policy&limit=200');
    expect(policy.body.items.every((f: { source: string }) => f.source === 'policy')).toBe(true);
  });

  it('lists the riskiest conversations with their reasons, for whoever reads flags only', async () => {
    const res = await compliance.get('/api/v1/fraud/overview?limit=10');
    expect(res.status).toBe(200);
    const overview = res.body as FraudOverview;
    expect(overview.threshold).toBe(60);
    expect(overview.conversations[0]).toMatchObject({ conversationId: ids.takeover, flagged: true });
    expect(overview.conversations[0]!.signals[0]!.reason).toBeTruthy();
    expect(overview.trend.reduce((n, p) => n + p.conversations, 0)).toBe(2);
    expect(overview.trend.reduce((n, p) => n + p.flagged, 0)).toBe(1);
    expect((await compliance.get('/api/v1/fraud/conversations?limit=1')).body.conversations).toHaveLength(1);
    expect((await compliance.get('/api/v1/fraud/conversations?limit=0')).status).toBe(400);
    expect((await compliance.get('/api/v1/fraud/conversations?since=yesterday')).status).toBe(400);
    expect((await trainer.get('/api/v1/fraud/conversations')).status).toBe(403);
  });

  it('takes new weights as a configuration version; rescoring updates the flag, never duplicates it', async () => {
    const before = (await fraudFlags()).items[0]!;
    const current = (await compliance.get('/api/v1/settings/engine-config')).body;
    const fraud = current.config.fraud;
    const bad = await compliance.put('/api/v1/settings/engine-config/fraud', {
      fraud: { ...fraud, threshold: 500 },
    });
    expect(bad.status).toBe(400);
    const saved = await compliance.put('/api/v1/settings/engine-config/fraud', {
      fraud: { ...fraud, weights: { ...fraud.weights, secrecy: 90 } },
      note: 'secrecy matters more',
    });
    expect(saved.status).toBe(200);
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    for (let round = 0; round < 2; round++) {
      const started = await admin.post('/api/v1/settings/rescore', { from, to });
      expect(started.status).toBe(202);
      await waitFor(
        'the rescore to finish',
        async () => (await admin.get(`/api/v1/settings/rescore/${started.body.id}`)).body.status === 'done',
        30_000,
      );
    }
    const after = await fraudFlags();
    expect(after.items).toHaveLength(1);
    expect(after.items[0]!.id).toBe(before.id);
    expect(after.items[0]!.ruleVersion).toBe(String(saved.body.version));
    const stored = (await detail(ids.takeover)).scores.fraud!;
    expect(stored.result.configVersion).toBe(String(saved.body.version));
    expect(stored.result.signals.find((s) => s.kind === 'secrecy')!.weight).toBe(90);
  });
});
