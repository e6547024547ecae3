import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, type Stack } from '../support/stack';

/** The ingestion API as an integration calls it: ingest key, validation, idempotency, limits. */
describe('POST /api/v1/conversations', () => {
  let db: TestDatabase;
  let stack: Stack;
  let ingest: ApiClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      env: { VIGIL_BULK_MAX_CONVERSATIONS: '5', VIGIL_BODY_LIMIT_MB: '1' },
    });
    ingest = ApiClient.ingest(stack.url);
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('stores a conversation and answers 202 with its id', async () => {
    const res = await ingest.post('/api/v1/conversations', conversation({ externalId: 'zd-48213' }));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      id: expect.any(String),
      source: 'test',
      externalId: 'zd-48213',
      created: true,
    });

    const admin = await ApiClient.admin(stack.url);
    const stored = await admin.get(`/api/v1/conversations/${res.body.id}`);
    expect(stored.status).toBe(200);
    expect(stored.body.conversation.messages[0].text).toContain('charged twice');
    expect(['received', 'queued']).toContain(stored.body.status);
  });

  it('is idempotent on (source, externalId)', async () => {
    const body = conversation();
    const first = await ingest.post('/api/v1/conversations', body);
    const again = await ingest.post('/api/v1/conversations', {
      ...body,
      messages: [{ role: 'customer', text: 'x' }],
    });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: first.body.id, created: false });
    const admin = await ApiClient.admin(stack.url);
    const list = await admin.get(`/api/v1/conversations?q=${body.externalId}`);
    expect(list.body.total).toBe(1);
  });

  it('names every wrong field in a 400', async () => {
    const res = await ingest.post('/api/v1/conversations', {
      ...conversation(),
      channel: 'fax',
      startedAt: 'yesterday',
      messages: [{ role: 'customer' }],
      unexpected: true,
    });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['(body)', 'channel', 'messages.0.text', 'startedAt']);
    expect(res.body.errors.find((e: { field: string }) => e.field === 'channel').message).toMatch(/chat/);
  });

  it('rejects an endedAt before startedAt, naming endedAt', async () => {
    const res = await ingest.post(
      '/api/v1/conversations',
      conversation({ startedAt: '2026-11-23T10:00:00Z', endedAt: '2026-11-23T09:00:00Z' }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'endedAt', message: 'must not be before startedAt' }]);
  });

  it('answers 401 without a valid key and 403 for a signed-in user', async () => {
    expect((await new ApiClient(stack.url).post('/api/v1/conversations', conversation())).status).toBe(401);
    expect(
      (
        await ApiClient.ingest(stack.url, 'vk_wrong_key_000000000000000000').post(
          '/api/v1/conversations',
          conversation(),
        )
      ).status,
    ).toBe(401);
    const admin = await ApiClient.admin(stack.url);
    expect((await admin.post('/api/v1/conversations', conversation())).status).toBe(403);
  });

  it('answers 413 past the body size limit', async () => {
    const huge = conversation({
      messages: Array.from({ length: 80 }, () => ({ role: 'customer' as const, text: 'x'.repeat(15_000) })),
    });
    const res = await ingest.post('/api/v1/conversations', huge);
    expect(res.status).toBe(413);
    expect(res.body.statusCode).toBe(413);
  });

  it('keeps the good conversations of a bulk batch and lists the rejected ones', async () => {
    const good = [conversation(), conversation()];
    const res = await ingest.post('/api/v1/conversations/bulk', [
      good[0],
      { ...conversation(), channel: 'fax' },
      good[1],
      42,
    ]);
    expect(res.status).toBe(202);
    expect(res.body.accepted.map((a: { externalId: string }) => a.externalId)).toEqual(
      good.map((g) => g.externalId),
    );
    expect(res.body.rejected).toEqual([
      { index: 1, externalId: expect.any(String), errors: [expect.objectContaining({ field: 'channel' })] },
      { index: 3, errors: [expect.objectContaining({ field: '(body)' })] },
    ]);
  });

  it('stores a conversation repeated inside one batch once, and names its id for each occurrence', async () => {
    const twice = conversation();
    const res = await ingest.post('/api/v1/conversations/bulk', [twice, conversation(), twice]);
    expect(res.status).toBe(202);
    const [first, , again] = res.body.accepted;
    expect(first).toMatchObject({ externalId: twice.externalId, created: true, id: expect.any(String) });
    expect(again).toEqual({ ...first, created: false });
  });

  it('takes NDJSON and reports the lines that are not JSON', async () => {
    const lines = [JSON.stringify(conversation()), '{not json', '', JSON.stringify(conversation())].join(
      '\n',
    );
    const res = await ingest.post('/api/v1/conversations/bulk', lines, 'application/x-ndjson');
    expect(res.status).toBe(202);
    expect(res.body.accepted).toHaveLength(2);
    expect(res.body.rejected).toEqual([
      { index: 1, errors: [{ field: '(line)', message: 'line 2 is not valid JSON' }] },
    ]);
  });

  it('answers 413 for a batch over the documented limit', async () => {
    const res = await ingest.post(
      '/api/v1/conversations/bulk',
      Array.from({ length: 6 }, () => conversation()),
    );
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/at most 5/);
  });

  it('answers 400 for a bulk body that is neither an array nor NDJSON', async () => {
    const res = await ingest.post('/api/v1/conversations/bulk', { externalId: 'x' });
    expect(res.status).toBe(400);
  });
});
