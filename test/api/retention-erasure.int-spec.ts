import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { Erasure, RetentionRun, RetentionSettings } from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { TEST_REDIS_URL } from '../support/services';
import { startStack, waitFor, type Stack } from '../support/stack';
import { signInAs } from '../support/users';

const SETTINGS = '/api/v1/settings/retention';
const ERASURES = '/api/v1/erasures';

/**
 * Retention settings and erasure on request, through the API as admins and compliance officers use
 * them, against real Postgres and Redis. The workers are not started, so the posted conversations'
 * score jobs wait in Redis — what an erasure must remove.
 */
describe('retention settings and erasure', () => {
  let db: TestDatabase;
  let stack: Stack;
  let prefix: string;
  let admin: ApiClient;
  let compliance: ApiClient;
  let pg: Client;
  let redis: Redis;
  const erased: string[] = [];
  const kept: string[] = [];
  const ERASED_CUSTOMER = 'cust-erase-me-8841';
  const OTHER_CUSTOMER = 'cust-keep-me-1234';

  const post = async (customerId: string): Promise<string> => {
    const res = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations',
      conversation({ customer: { id: customerId, accountId: `acct-of-${customerId}` } }),
    );
    expect(res.status).toBe(202);
    return res.body.id as string;
  };

  /** Every table of the database with the rows whose text holds `needle`. */
  const tablesHolding = async (needle: string, except: string[] = []): Promise<Record<string, number>> => {
    const { rows: tables } = await pg.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['conversation', 'audit_log', 'rollup']),
    );
    const found: Record<string, number> = {};
    for (const { name } of tables.filter((t) => !except.includes(t.name))) {
      const { rows } = await pg.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${name}" t WHERE t::text LIKE $1`,
        [`%${needle}%`],
      );
      if (rows[0]!.n) found[name] = rows[0]!.n;
    }
    return found;
  };

  /** Every Redis key of this stack whose name or value holds `needle`. */
  const redisKeysHolding = async (needle: string): Promise<string[]> => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === 'hash'
            ? JSON.stringify(await redis.hgetall(key))
            : type === 'list'
              ? JSON.stringify(await redis.lrange(key, 0, -1))
              : type === 'zset'
                ? JSON.stringify(await redis.zrange(key, 0, -1))
                : type === 'set'
                  ? JSON.stringify(await redis.smembers(key))
                  : type === 'string'
                    ? ((await redis.get(key)) ?? '')
                    : '';
        if (key.includes(needle) || value.includes(needle)) found.push(key);
      }
    } while (cursor !== '0');
    return found;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    prefix = testQueuePrefix();
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: prefix,
      env: { VIGIL_RETENTION_SCHEDULE: 'off' },
    });
    admin = await ApiClient.admin(stack.url);
    compliance = await signInAs(stack.url, db.url, 'compliance');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    redis = new Redis(TEST_REDIS_URL);
    for (let i = 0; i < 3; i++) erased.push(await post(ERASED_CUSTOMER));
    for (let i = 0; i < 2; i++) kept.push(await post(OTHER_CUSTOMER));
    // What else refers to a conversation: its analyses, a flag with a history entry, a kept original,
    // and (below) a topic-discovery example quoting one.
    for (const id of [...erased, ...kept]) {
      await pg.query(
        `INSERT INTO conversation_analysis (conversation_id, analyzer, version, output) VALUES ($1, 'sentiment', '1', $2)`,
        [id, { analyzer: 'sentiment', version: '1', result: {}, evidence: [], missing: [] }],
      );
      const { rows } = await pg.query<{ id: string }>(
        `INSERT INTO flag (conversation_id, rule_id, rule_version, kind, severity, severity_rank, label, reason,
                           channel, conversation_ended_at)
         SELECT id, 'test.rule', '1', 'policy', 'low', 1, 'Test', 'Test', channel, ended_at FROM conversation
          WHERE id = $1 RETURNING id`,
        [id],
      );
      await pg.query(`INSERT INTO flag_event (flag_id, kind, actor) VALUES ($1, 'raised', 'system')`, [
        rows[0]!.id,
      ]);
      await pg.query(
        `INSERT INTO conversation_original (conversation_id, iv, tag, ciphertext) VALUES ($1, '\\x00', '\\x00', '\\x00')
         ON CONFLICT DO NOTHING`,
        [id],
      );
    }
    await pg.query(
      `INSERT INTO background_run (kind, status, params, result) VALUES ('topic-discovery', 'done', '{}', $1)`,
      [
        {
          candidates: [
            {
              id: 'candidate.x',
              label: 'x',
              examples: [
                { conversationId: erased[0], text: 'quoted from the erased customer' },
                { conversationId: kept[0], text: 'quoted from the other customer' },
              ],
              suggestion: { key: 'x', label: 'X', examples: ['erased words', 'kept words'], keywords: [] },
              adopted: null,
            },
          ],
        },
      ],
    );
  });
  afterAll(async () => {
    redis?.disconnect();
    await pg?.end();
    await stack?.stop();
    await db?.drop();
  });

  describe('retention settings', () => {
    it('shows the shipped periods and no run yet', async () => {
      const res = await admin.get(SETTINGS);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        policy: { text: 365, scores: 730, flags: 730, audit: 2555 },
        updatedAt: null,
        updatedBy: null,
        lastRun: null,
        current: null,
      } satisfies RetentionSettings);
    });

    it('names each wrong period', async () => {
      const res = await admin.put(SETTINGS, { text: 0, scores: 1.5, flags: 'forever', audit: 30, extra: 1 });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        ['(body)', 'audit', 'flags', 'scores', 'text'].sort(),
      );
      expect((await admin.put(SETTINGS, { text: 30 })).status).toBe(400); // every class, each days or null
    });

    it('saves new periods, on the audit log with what changed', async () => {
      const res = await admin.put(SETTINGS, { text: 90, scores: 730, flags: null, audit: 2555 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        policy: { text: 90, scores: 730, flags: null, audit: 2555 },
        updatedBy: 'admin@example.com',
      });
      const audit = await admin.get('/api/v1/audit?target=retention');
      expect(audit.body.entries[0]).toMatchObject({
        action: 'settings.changed',
        actor: 'admin@example.com',
        details: {
          setting: 'retention',
          changes: { text: { from: 365, to: 90 }, flags: { from: 730, to: null } },
        },
      });
    });

    it('starts a run by hand (the workers run it; it waits queued without them)', async () => {
      const res = await admin.post(`${SETTINGS}/run`);
      expect(res.status).toBe(202);
      const run = res.body as RetentionRun;
      expect(run).toMatchObject({ status: 'queued', requestedBy: 'admin@example.com' });
      expect((await admin.get(SETTINGS)).body.current).toMatchObject({ id: run.id, status: 'queued' });
      const audit = await admin.get(`/api/v1/audit?action=retention.started`);
      expect(audit.body.entries[0]).toMatchObject({ target: `retention:${run.id}` });
    });

    it('is for admins only', async () => {
      for (const role of ['manager', 'trainer', 'compliance'] as const) {
        const user = role === 'compliance' ? compliance : await signInAs(stack.url, db.url, role);
        expect((await user.get(SETTINGS)).status).toBe(403);
        expect((await user.put(SETTINGS, { text: 1, scores: 1, flags: 1, audit: 365 })).status).toBe(403);
        expect((await user.post(`${SETTINGS}/run`)).status).toBe(403);
      }
      expect((await new ApiClient(stack.url).get(SETTINGS)).status).toBe(401);
    });
  });

  describe('erasure', () => {
    it('names a missing or empty customer id', async () => {
      for (const body of [{}, { customerId: '' }, { customerId: 42 }, { customerId: 'c', more: 1 }]) {
        const res = await compliance.post(ERASURES, body);
        expect(res.status).toBe(400);
        expect(res.body.errors.length).toBeGreaterThan(0);
      }
    });

    it('is refused to managers, trainers and ingest keys', async () => {
      for (const role of ['manager', 'trainer'] as const) {
        const user = await signInAs(stack.url, db.url, role);
        expect((await user.post(ERASURES, { customerId: ERASED_CUSTOMER })).status).toBe(403);
        expect((await user.get(ERASURES)).status).toBe(403);
      }
      expect((await ApiClient.ingest(stack.url).post(ERASURES, { customerId: ERASED_CUSTOMER })).status).toBe(
        403,
      );
    });

    it('removes the customer from every table and from Redis, keeps others, and is audited without the id', async () => {
      // Before: the customer is in the database and their conversations' jobs are in Redis.
      expect(await tablesHolding(ERASED_CUSTOMER)).toEqual({ conversation: 3 });
      for (const id of erased) expect(await redisKeysHolding(id)).not.toEqual([]);
      const rollupsBefore = (await pg.query(`SELECT * FROM rollup ORDER BY 1, 2, 3, 4`)).rows;

      const res = await compliance.post(ERASURES, { customerId: ERASED_CUSTOMER });
      expect(res.status).toBe(201);
      const erasure = res.body as Erasure;
      expect(erasure).toMatchObject({
        status: 'done',
        total: 3,
        done: 3,
        removed: {
          conversation: 3,
          conversation_analysis: 3,
          conversation_original: 3,
          flag: 3,
          queueJobs: 3,
          discoveryExamples: 1,
        },
      });
      expect(erasure.subject).toMatch(/^[0-9a-f]{64}$/);

      // Gone from every table (the audit log keeps no id either), and from every Redis key.
      expect(await tablesHolding(ERASED_CUSTOMER)).toEqual({});
      expect(await tablesHolding(`acct-of-${ERASED_CUSTOMER}`)).toEqual({});
      for (const id of erased) {
        expect(await tablesHolding(id)).toEqual({});
        expect(await redisKeysHolding(id)).toEqual([]);
      }
      expect(await redisKeysHolding(ERASED_CUSTOMER)).toEqual([]);
      expect((await admin.get(`/api/v1/conversations/${erased[0]}`)).status).toBe(404);

      // The other customer's conversations and jobs are untouched; the rollups too.
      for (const id of kept) {
        expect((await admin.get(`/api/v1/conversations/${id}`)).status).toBe(200);
        expect(await redisKeysHolding(id)).not.toEqual([]);
      }
      expect(await tablesHolding(OTHER_CUSTOMER)).toEqual({ conversation: 2 });
      for (const id of kept) {
        expect(await tablesHolding(id, ['audit_log'])).toEqual({
          conversation: 1,
          conversation_analysis: 1,
          conversation_original: 1,
          flag: 1,
          ...(id === kept[0] ? { background_run: 1 } : {}),
        });
      }
      expect(await tablesHolding('quoted from the erased customer')).toEqual({});
      expect(await tablesHolding('erased words')).toEqual({});
      expect((await pg.query(`SELECT * FROM rollup ORDER BY 1, 2, 3, 4`)).rows).toEqual(rollupsBefore);

      // One audit entry, naming the customer by the keyed hash only.
      const audit = await admin.get('/api/v1/audit?action=conversation.erased');
      expect(audit.body.entries).toEqual([
        expect.objectContaining({
          actor: expect.stringMatching(/^compliance-/),
          target: `erasure:${erasure.id}`,
          details: { subject: erasure.subject, removed: erasure.removed },
        }),
      ]);
      expect(JSON.stringify(audit.body)).not.toContain(ERASED_CUSTOMER);
    });

    it('lists past erasures, and finds one by the customer id without having kept it', async () => {
      const all = await admin.get(ERASURES);
      expect(all.status).toBe(200);
      expect(all.body).toHaveLength(1);
      const mine = await compliance.get(`${ERASURES}?customerId=${ERASED_CUSTOMER}`);
      expect(mine.body.map((e: Erasure) => e.id)).toEqual([all.body[0].id]);
      expect((await compliance.get(`${ERASURES}?customerId=${OTHER_CUSTOMER}`)).body).toEqual([]);
    });

    it('erasing a customer with nothing left removes nothing, and is on record too', async () => {
      const res = await admin.post(ERASURES, { customerId: ERASED_CUSTOMER });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'done',
        total: 0,
        removed: { conversation: 0, queueJobs: 0 },
      });
      await waitFor('both erasures listed', async () => (await admin.get(ERASURES)).body.length === 2);
    });
  });
});
