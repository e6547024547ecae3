import type {
  AuditPage,
  ComplianceResult,
  EngineConfigVersion,
  Evidence,
  PolicyDocument,
} from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, waitFor, type Stack } from '../support/stack';
import { signInAs } from '../support/users';

/**
 * Compliance policies as versioned configuration: compliance officers (and admins) change them and
 * only them, trainers and managers may not, every change is audited, and a conversation posted
 * through the API is checked against the policies in force (scores.compliance, with evidence).
 */
describe('compliance policies', () => {
  let db: TestDatabase;
  let stack: Stack;
  let admin: ApiClient;
  let officer: ApiClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    admin = await ApiClient.admin(stack.url);
    officer = await signInAs(stack.url, db.url, 'compliance');
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const inForce = async (client: ApiClient) => {
    const res = await client.get('/api/v1/settings/engine-config');
    expect(res.status).toBe(200);
    return res.body as EngineConfigVersion;
  };

  it('ships the default policies as part of version 1', async () => {
    const current = await inForce(officer);
    expect(current.version).toBe(1);
    expect(current.config.policies.version).toBe('1');
    expect(current.config.policies.rules.map((r) => r.key)).toEqual(
      expect.arrayContaining([
        'identity-before-account-change',
        'no-guaranteed-outcomes',
        'no-sensitive-data-request',
        'recording-disclosure',
        'card-number-in-chat',
      ]),
    );
  });

  it('lets a compliance officer save policies as a new version, audited, and nothing else', async () => {
    const { config } = await inForce(officer);
    const policies: PolicyDocument = {
      ...config.policies,
      rules: config.policies.rules.map((r) =>
        r.key === 'no-guaranteed-outcomes' && r.kind === 'prohibited_phrase'
          ? { ...r, severity: 'high', phrases: [...r.phrases, 'you will surely get'] }
          : r,
      ),
    };
    const saved = await officer.put('/api/v1/settings/engine-config/policies', {
      policies,
      note: 'surely is a promise too',
    });
    expect(saved.status).toBe(200);
    const version = saved.body as EngineConfigVersion;
    expect(version.version).toBe(2);
    expect(version.config.policies.version).toBe('2');
    const rule = version.config.policies.rules.find((r) => r.key === 'no-guaranteed-outcomes');
    expect(rule).toMatchObject({
      severity: 'high',
      phrases: expect.arrayContaining(['you will surely get']),
    });
    // The other parts are kept as they were.
    expect(version.config.scorecard.criteria).toEqual(config.scorecard.criteria);
    expect(version.config.topics.taxonomy.topics).toEqual(config.topics.taxonomy.topics);

    // Only the policies: the officer may not change the scorecard or topics, nor import everything.
    expect(
      (await officer.put('/api/v1/settings/engine-config/scorecard', { scorecard: config.scorecard })).status,
    ).toBe(403);
    expect(
      (await officer.put('/api/v1/settings/engine-config/topics', { topics: config.topics })).status,
    ).toBe(403);
    const exported = (await officer.get('/api/v1/settings/engine-config/export')).body;
    expect(exported.policies.rules).toHaveLength(config.policies.rules.length);
    expect((await officer.post('/api/v1/settings/engine-config/import', exported)).status).toBe(403);

    const audit = (await officer.get('/api/v1/audit?action=settings.changed')).body as AuditPage;
    expect(audit.entries[0]).toMatchObject({
      action: 'settings.changed',
      target: 'engine-config:2',
      details: { setting: 'policies', version: 2, note: 'surely is a promise too' },
    });
  });

  it('refuses trainers and managers (403), and names a bad field (400)', async () => {
    const { config } = await inForce(admin);
    for (const role of ['trainer', 'manager'] as const) {
      const client = await signInAs(stack.url, db.url, role);
      const res = await client.put('/api/v1/settings/engine-config/policies', { policies: config.policies });
      expect(res.status).toBe(403);
    }
    const bad = {
      rules: [
        { ...config.policies.rules[0], severity: 'urgent' },
        { key: 'x', label: 'X', kind: 'prohibited_phrase', severity: 'low', phrases: [] },
      ],
    };
    const res = await officer.put('/api/v1/settings/engine-config/policies', { policies: bad });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['policies.rules.0.severity', 'policies.rules.1.phrases']),
    );
    expect((await inForce(admin)).version).toBe(2); // nothing saved
  });

  it('checks a posted conversation against the policies in force, with evidence', async () => {
    const promise = 'Good news: you will surely get the refund by Friday.';
    const request = 'To fix this, can you tell me your PIN?';
    const posted = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations',
      conversation({
        messages: [
          { role: 'customer', text: 'I was charged twice for my subscription.' },
          { role: 'agent', authorId: 'a-17', text: request },
          { role: 'customer', text: 'Sure, it is 1234.' },
          { role: 'agent', authorId: 'a-17', text: promise },
        ],
      }),
    );
    expect(posted.status).toBe(202);
    const id = posted.body.id as string;
    const read = async () => {
      const c = (await officer.get(`/api/v1/conversations/${id}`)).body;
      return c.status === 'scored'
        ? (c.scores.compliance as { result: ComplianceResult; evidence: Evidence[] })
        : null;
    };
    let compliance = await waitFor('scored', read);
    if (compliance.result.policyVersion !== '2') {
      // Workers read the configuration in force every few seconds; this one came before they saw
      // version 2. Rescoring (compliance officers may ask for it) checks it with the version in force.
      const now = new Date();
      const run = await officer.post('/api/v1/settings/rescore', {
        from: new Date(now.getTime() - 3_600_000).toISOString(),
        to: new Date(now.getTime() + 60_000).toISOString(),
      });
      expect(run.status).toBe(202);
      await waitFor(
        'rescored',
        async () => (await officer.get(`/api/v1/settings/rescore/${run.body.id}`)).body.status === 'done',
        30_000,
      );
      compliance = (await read())!;
    }
    expect(compliance.result.policyVersion).toBe('2');
    const { result, evidence } = compliance!;
    const byRule = new Map(result.violations.map((v) => [v.ruleId, v]));
    const promised = byRule.get('no-guaranteed-outcomes');
    expect(promised).toMatchObject({ severity: 'high', ruleVersion: '2', kind: 'prohibited_phrase' });
    expect(promised!.evidence.map((i) => evidence[i])).toEqual([
      expect.objectContaining({
        messageIndex: 3,
        quote: 'you will surely get',
        target: { kind: 'policy', key: 'no-guaranteed-outcomes' },
        ruleId: 'no-guaranteed-outcomes',
        ruleVersion: '2',
      }),
    ]);
    const e = evidence[promised!.evidence[0]!]!;
    expect(promise.slice(e.start, e.end)).toBe(e.quote);
    const asked = byRule.get('no-sensitive-data-request');
    expect(asked).toMatchObject({ severity: 'critical' });
    expect(asked!.evidence.map((i) => evidence[i]!.quote)).toEqual(['tell me your PIN']);
    expect(result.highestSeverity).toBe('critical');
    expect(byRule.has('recording-disclosure')).toBe(false); // chat: the voice rule does not apply
  });
});
