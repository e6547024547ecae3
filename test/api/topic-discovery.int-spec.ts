import type { DiscoveryRun, EngineConfigVersion } from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { CRYPTO_WALLET_REQUESTS as CRYPTO_REQUESTS } from '../support/requests';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, waitFor, type Stack } from '../support/stack';
import { signInAs } from '../support/users';

const BASE = '/api/v1/settings/topic-discovery';

/**
 * Topic discovery end to end: conversations no topic explains are grouped into a candidate by the
 * workers, an admin adopts it in one request, and new conversations get the adopted topic.
 */
describe('topic discovery', () => {
  let db: TestDatabase;
  let stack: Stack;
  let admin: ApiClient;
  /** The crypto conversations the shipped taxonomy gave no topic: what discovery reads. */
  const unexplained: string[] = [];

  const ingest = async (text: string): Promise<string> => {
    const res = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations',
      conversation({ messages: [{ role: 'customer', text }] }),
    );
    expect(res.status).toBe(202);
    return res.body.id as string;
  };
  const scored = (id: string) =>
    waitFor(`conversation ${id} scored`, async () => {
      const res = await admin.get(`/api/v1/conversations/${id}`);
      return res.body.status === 'scored' && res.body;
    });
  const discover = async (): Promise<DiscoveryRun> => {
    const started = await admin.post(BASE, {});
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'queued', requestedBy: 'admin@example.com' });
    return waitFor('the discovery to finish', async () => {
      const run = (await admin.get(`${BASE}/${started.body.id}`)).body as DiscoveryRun;
      return (run.status === 'done' || run.status === 'failed') && run;
    });
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      workers: true,
      env: { VIGIL_DISCOVERY_SCHEDULE: 'off' }, // only the runs this test asks for
    });
    admin = await ApiClient.admin(stack.url);
    const ids = [];
    for (const text of CRYPTO_REQUESTS) ids.push(await ingest(text));
    const explained = await scored(
      await ingest('I was charged twice for the same order, please refund the double charge'),
    );
    expect(explained.scores.topics.result.none).toBe(false);
    for (const id of ids) if ((await scored(id)).scores.topics.result.none) unexplained.push(id);
    expect(unexplained.length).toBeGreaterThanOrEqual(5);
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('is for admins only', async () => {
    expect((await new ApiClient(stack.url).get(BASE)).status).toBe(401);
    for (const role of ['manager', 'trainer', 'compliance'] as const) {
      const user = await signInAs(stack.url, db.url, role);
      expect((await user.get(BASE)).status).toBe(403);
      expect((await user.post(BASE, {})).status).toBe(403);
    }
  });

  it('has nothing to show before the first run', async () => {
    const res = await admin.get(BASE);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ latest: null, current: null });
  });

  it('names a bad period', async () => {
    const res = await admin.post(BASE, { days: 0 });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'days', message: expect.any(String) }]);
  });

  it('groups the unexplained requests into a candidate with examples and a suggested topic', async () => {
    const run = await discover();
    expect(run.status).toBe('done');
    expect(run.considered).toBe(unexplained.length);
    const [candidate, ...others] = run.candidates;
    expect(others).toEqual([]);
    expect(candidate).toMatchObject({ label: 'crypto wallet', adopted: null });
    expect(candidate!.size).toBeGreaterThanOrEqual(5);
    expect(candidate!.examples.length).toBeGreaterThanOrEqual(3);
    for (const example of candidate!.examples) {
      expect(unexplained).toContain(example.conversationId);
      expect(CRYPTO_REQUESTS).toContain(example.text);
    }
    expect(candidate!.suggestion).toMatchObject({ key: 'crypto_wallet', label: 'Crypto wallet' });

    expect((await admin.get(BASE)).body).toEqual({ latest: run, current: null });
  });

  it('adopts a candidate into the taxonomy once, as a new version', async () => {
    const { latest } = (await admin.get(BASE)).body as { latest: DiscoveryRun };
    const candidate = latest.candidates[0]!;
    const adoptUrl = `${BASE}/${latest.id}/candidates/${candidate.id}/adopt`;

    const adopted = await admin.post(adoptUrl, {});
    expect(adopted.status).toBe(201);
    const version = adopted.body as EngineConfigVersion;
    expect(version.note).toBe('adopted the discovered topic "Crypto wallet"');
    const topic = version.config.topics.taxonomy.topics.find((t) => t.key === 'crypto_wallet');
    expect(topic?.examples.length).toBe(candidate.examples.length);

    const again = await admin.post(adoptUrl, {});
    expect(again.status).toBe(409);
    expect((await admin.get('/api/v1/settings/engine-config')).body.version).toBe(version.version);
    // On the audit log once: the refused second adoption changed nothing.
    const changes = (await admin.get('/api/v1/audit?action=settings.changed')).body.entries;
    expect(changes).toEqual([
      expect.objectContaining({
        actor: 'admin@example.com',
        target: `engine-config:${version.version}`,
        details: { setting: 'topics', version: version.version, note: version.note },
      }),
    ]);

    const run = (await admin.get(`${BASE}/${latest.id}`)).body as DiscoveryRun;
    expect(run.candidates[0]!.adopted).toEqual({
      key: 'crypto_wallet',
      version: version.version,
      by: 'admin@example.com',
    });

    expect((await admin.post(`${BASE}/${latest.id}/candidates/not-a-candidate/adopt`, {})).status).toBe(400);
    expect((await admin.post(`${BASE}/${latest.id}/candidates/candidate.nothing/adopt`, {})).status).toBe(
      404,
    );
  });

  it('gives new conversations the adopted topic, and does not propose it again', async () => {
    const detail = await waitFor('a new conversation scored with the adopted topic', async () => {
      const body = await scored(await ingest('My crypto wallet withdrawal has been pending all week'));
      const keys = body.scores.topics.result.topics.map((t: { key: string }) => t.key);
      return keys.includes('crypto_wallet') && body;
    });
    expect(detail.scores.topics.result.none).toBe(false);

    const run = await discover();
    expect(run.status).toBe('done');
    expect(run.explained).toBeGreaterThanOrEqual(unexplained.length - 1);
    expect(run.candidates.map((c) => c.label)).not.toContain('crypto wallet');
  });
});
