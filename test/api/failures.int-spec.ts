import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { QueueName } from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { DisposableRedis } from '../support/redis-server';
import { TEST_POSTGRES_URL } from '../support/services';
import { startStack, waitFor, type Stack } from '../support/stack';

describe('when Redis is down at ingest', () => {
  let db: TestDatabase;
  let redis: DisposableRedis;
  let stack: Stack;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await DisposableRedis.start();
    stack = await startStack({
      databaseUrl: db.url,
      redisUrl: redis.url,
      queuePrefix: testQueuePrefix(),
      workers: true,
      env: { VIGIL_REQUEUE_AFTER_SECONDS: '1', VIGIL_REQUEUE_EVERY_SECONDS: '1' },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await redis?.down();
    await db?.drop();
  });

  it('still stores the conversation, reports Redis down, and scores it once Redis is back', async () => {
    const admin = await ApiClient.admin(stack.url); // sign in while Redis still counts login attempts
    await redis.down();

    const health = await new ApiClient(stack.url).get('/api/v1/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'degraded', postgres: 'up', redis: 'down' });

    const posted = await ApiClient.ingest(stack.url).post('/api/v1/conversations', conversation());
    expect(posted.status).toBe(202);
    expect((await admin.get(`/api/v1/conversations/${posted.body.id}`)).body.status).toBe('received');
    // The backlog as the list shows it (the status filter is what the partial index of unscored
    // conversations serves), and a status that does not exist.
    const waiting = await admin.get('/api/v1/conversations?status=received');
    expect(waiting.body).toMatchObject({ total: 1, items: [{ id: posted.body.id }] });
    expect((await admin.get('/api/v1/conversations?status=scored')).body.total).toBe(0);
    expect((await admin.get('/api/v1/conversations?status=pending')).status).toBe(400);

    await redis.up();
    await waitFor(
      'the stored conversation to be re-queued and scored',
      async () => (await admin.get(`/api/v1/conversations/${posted.body.id}`)).body.status === 'scored',
      30_000,
      250,
    );
  });
});

describe('when Redis loses the queued jobs', () => {
  let db: TestDatabase;
  let redis: DisposableRedis;
  let stack: Stack;
  let connection: Redis;
  let queue: Queue;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await DisposableRedis.start();
    // No workers: queued jobs stay in Redis, as in a deep backlog.
    stack = await startStack({
      databaseUrl: db.url,
      redisUrl: redis.url,
      queuePrefix: prefix,
      env: { VIGIL_REQUEUE_AFTER_SECONDS: '1', VIGIL_REQUEUE_EVERY_SECONDS: '1' },
    });
    connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    queue = new Queue(QueueName.Score, { connection, prefix });
  });
  afterAll(async () => {
    await queue?.close();
    connection?.disconnect();
    await stack?.stop();
    await redis?.down();
    await db?.drop();
  });

  const queuedIds = async () =>
    (await queue.getJobs(['waiting'])).flatMap((job) => job.data.conversationIds as string[]).sort();

  it('leaves a waiting backlog alone, and queues the conversations again once their jobs are gone', async () => {
    const ingest = ApiClient.ingest(stack.url);
    const bulk = await ingest.post(
      '/api/v1/conversations/bulk',
      [1, 2, 3].map(() => conversation()),
    );
    expect(bulk.status).toBe(202);
    const ids = bulk.body.accepted.map((a: { id: string }) => a.id).sort();
    // Stored together, queued together: one job.
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    expect(await queuedIds()).toEqual(ids);

    // Older than the re-queue age while their job waits: several sweeps add nothing.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });

    // Redis restarted empty: the jobs are gone, the conversations still "queued" in Postgres.
    await connection.flushall();
    await waitFor('the sweep to queue them again', async () => (await queuedIds()).length === 3, 15_000, 250);
    expect(await queuedIds()).toEqual(ids);
  });
});

describe('when Postgres is unavailable', () => {
  let db: TestDatabase;
  let stack: Stack;
  let admin: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix() });
    admin = new Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin?.end();
    await stack?.stop();
    await db?.drop();
  });

  it('answers 503 with Retry-After, says so in health, and recovers when it is back', async () => {
    const ingest = ApiClient.ingest(stack.url);
    expect((await ingest.post('/api/v1/conversations', conversation())).status).toBe(202);

    // Cut the API off its database: refuse new connections and end the open ones.
    await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [db.name]);

    const res = await ingest.post('/api/v1/conversations', conversation());
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body.message).toMatch(/database is unavailable/);
    const health = await new ApiClient(stack.url).get('/api/v1/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ postgres: 'down', redis: 'up' });

    await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
    await waitFor(
      'ingest to work again',
      async () => (await ingest.post('/api/v1/conversations', conversation())).status === 202,
    );
  });
});
