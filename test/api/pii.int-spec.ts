import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { AuditPage, PiiResult, UnredactedConversation } from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { TEST_REDIS_URL } from '../support/services';
import { startStack, waitFor, type Stack } from '../support/stack';
import { signInAs } from '../support/users';

/** Personal data as a customer types it into chat, and the forms it could be stored in. */
const CARD = '4111 1111 1111 1111';
const IBAN = 'LV80 BANK 0000 4351 9500 1';
const PERSONAS_KODS = '150396-12349';
const EMAIL = 'janis.berzins@example.lv';
const PHONE = '+371 29123456';
const VALUES = [CARD, IBAN, PERSONAS_KODS, EMAIL, PHONE];
const FORMS = [...VALUES, ...VALUES.map((v) => v.replace(/[\s-]/g, '')), '29123456', '4351 9500'];

const withPii = () =>
  conversation({
    messages: [
      { role: 'agent', authorId: 'a-17', text: 'Hello, how can I help you today?' },
      {
        role: 'customer',
        text: `My card ${CARD} was charged twice. Refund to IBAN ${IBAN} please, personas kods ${PERSONAS_KODS}.`,
      },
      { role: 'customer', text: `Write to ${EMAIL} or call ${PHONE}.` },
      { role: 'agent', authorId: 'a-17', text: "I'm sorry about that, let me check." },
    ],
  });

/** Every row of every table whose text holds one of the values, as "table: value". */
async function wherePiiIs(pg: Client): Promise<string[]> {
  const tables = await pg.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const hits: string[] = [];
  for (const { table_name: table } of tables.rows)
    for (const value of FORMS) {
      const { rows } = await pg.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${table}" t WHERE t::text LIKE '%' || $1 || '%'`,
        [value],
      );
      if (Number(rows[0]!.n) > 0) hits.push(`${table}: ${value}`);
    }
  return hits;
}

/** Every value under the suite's Redis prefix (queues, job payloads, events) that holds one of the values. */
async function wherePiiIsInRedis(prefix: string): Promise<string[]> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const hits: string[] = [];
    for (const key of await redis.keys(`${prefix}*`)) {
      const type = await redis.type(key);
      const dump =
        type === 'hash'
          ? JSON.stringify(await redis.hgetall(key))
          : type === 'string'
            ? ((await redis.get(key)) ?? '')
            : type === 'list'
              ? JSON.stringify(await redis.lrange(key, 0, -1))
              : type === 'zset'
                ? JSON.stringify(await redis.zrange(key, 0, -1))
                : type === 'stream'
                  ? JSON.stringify(await redis.xrange(key, '-', '+'))
                  : '';
      for (const value of FORMS) if (dump.includes(value)) hits.push(`${key}: ${value}`);
    }
    return hits;
  } finally {
    redis.disconnect();
  }
}

async function scored(admin: ApiClient, id: string) {
  return waitFor('the conversation to be scored', async () => {
    const res = await admin.get(`/api/v1/conversations/${id}`);
    return res.body.status === 'scored' && res.body;
  });
}

describe('personal data, masked at rest (originals not kept: the default)', () => {
  let db: TestDatabase;
  let stack: Stack;
  let pg: Client;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: prefix, workers: true });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await stack?.stop();
    await db?.drop();
  });

  it('stores masks, never the values, while scores.pii lists every find', async () => {
    const admin = await ApiClient.admin(stack.url);
    const posted = await ApiClient.ingest(stack.url).post('/api/v1/conversations', withPii());
    expect(posted.status).toBe(202);
    const detail = await scored(admin, posted.body.id);

    const texts: string[] = detail.conversation.messages.map((m: { text: string }) => m.text);
    expect(texts[1]).toBe(
      'My card [CARD •••• 1111] was charged twice. Refund to IBAN [IBAN •••• 5001] please, personas kods [NATIONAL ID].',
    );
    expect(texts[2]).toBe('Write to [EMAIL] or call [PHONE •••• 56].');

    const pii = detail.scores.pii.result as PiiResult;
    expect(pii.counts).toEqual({ credit_card: 1, iban: 1, national_id: 1, email: 1, phone: 1 });
    expect(pii.finds.every((f) => f.masked && f.role === 'customer')).toBe(true);
    for (const e of detail.scores.pii.evidence) expect(e.quote).toMatch(/^\[[A-Z ]+(?: •••• \w+)?\]$/);

    expect(await wherePiiIs(pg)).toEqual([]);
    expect(await wherePiiIsInRedis(prefix)).toEqual([]);
    expect((await pg.query('SELECT count(*)::int AS n FROM conversation_original')).rows[0].n).toBe(0);
    // Nothing to reveal: the original exists nowhere.
    expect((await admin.get(`/api/v1/conversations/${posted.body.id}/unredacted`)).status).toBe(404);
  });
});

describe('personal data with originals kept (VIGIL_PII_KEEP_ORIGINALS)', () => {
  let db: TestDatabase;
  let stack: Stack;
  let pg: Client;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: prefix,
      workers: true,
      env: { VIGIL_PII_KEEP_ORIGINALS: 'true', VIGIL_PII_KEY: randomBytes(32).toString('base64') },
    });
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await stack?.stop();
    await db?.drop();
  });

  it('keeps the original encrypted, readable by compliance (audited), 403 for manager and trainer', async () => {
    const admin = await ApiClient.admin(stack.url);
    const sent = withPii();
    const posted = await ApiClient.ingest(stack.url).post('/api/v1/conversations', sent);
    expect(posted.status).toBe(202);
    const id: string = posted.body.id;
    await scored(admin, id);

    // Encrypted at rest: the values are in no table, the kept original included.
    expect(await wherePiiIs(pg)).toEqual([]);
    expect((await pg.query('SELECT count(*)::int AS n FROM conversation_original')).rows[0].n).toBe(1);

    const compliance = await signInAs(stack.url, db.url, 'compliance');
    const read = await compliance.get(`/api/v1/conversations/${id}/unredacted`);
    expect(read.status).toBe(200);
    expect(read.body as UnredactedConversation).toEqual({
      conversationId: id,
      texts: sent.messages.map((m) => m.text),
    });
    for (const role of ['manager', 'trainer'] as const) {
      const client = await signInAs(stack.url, db.url, role);
      expect((await client.get(`/api/v1/conversations/${id}/unredacted`)).status).toBe(403);
    }

    const audit = (await admin.get('/api/v1/audit?action=conversation.unredactedRead')).body as AuditPage;
    expect(audit.entries).toEqual([
      expect.objectContaining({
        action: 'conversation.unredactedRead',
        actor: expect.stringContaining('compliance'),
        target: `conversation:${id}`,
        details: { messages: 4 },
      }),
    ]);

    // A conversation with nothing to mask keeps no original.
    const plain = await ApiClient.ingest(stack.url).post('/api/v1/conversations', conversation());
    await scored(admin, plain.body.id);
    expect((await compliance.get(`/api/v1/conversations/${plain.body.id}/unredacted`)).status).toBe(404);
  });
});
