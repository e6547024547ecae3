import { Queue, type Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { QueueName, SCORE_JOB_OPTIONS, validateConversation, type ScoreJob } from '@vigil/contracts';
import {
  CAMPAIGN_LOCK,
  CampaignRepository,
  EngineConfigRepository,
  ScoringRepository,
  createDataSource,
  type CampaignSettings,
} from '@vigil/data';
import { DEFAULT_ENGINE_CONFIG } from '@vigil/engine';
import { benign, scam } from '../../../../test/support/campaign-scripts';
import { conversation } from '../../../../test/support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../../../../test/support/database';
import { TEST_REDIS_URL } from '../../../../test/support/services';
import { waitFor } from '../../../../test/support/stack';
import { createCampaignsProcessor } from '../processors/campaigns.processor';
import { createScoreProcessor } from '../processors/score.processor';
import { CampaignService, TICK_CONVERSATIONS } from './campaigns.service';
import { EngineConfigSource } from './engine-config.source';
import { FlagsPublisher } from './flags-publisher';
import { MetricsPublisher } from './metrics-publisher';
import { ScoringService } from './scoring.service';

const SETTINGS: CampaignSettings = {
  windowHours: 72,
  similarity: 0.8,
  minCustomers: 3,
  sharedContactAccounts: 3,
  everySeconds: 1,
};

/**
 * Campaign detection off the scoring path, against real Postgres and Redis: two workers instances
 * (each its own connection pool, score processor, campaigns service and campaigns processor on one
 * queue prefix) score conversations, and their campaigns ticks decide membership.
 */
describe('campaigns tick', () => {
  let db: TestDatabase;
  let connection: Redis;
  let prefix: string;
  let pg: Client;
  const dataSources: DataSource[] = [];
  const workers: Worker[] = [];
  let services: CampaignService[] = [];
  let queue: Queue<ScoreJob>;
  let posted = 0;

  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await pg.query(sql, params)).rows as T[];
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    (await q<{ n: number }>(sql, params))[0]!.n;

  /** Stores conversations as the API does (status queued) and puts them on the score queue in jobs of five. */
  async function post(inputs: ReturnType<typeof conversation>[]): Promise<string[]> {
    const ids: string[] = [];
    for (const input of inputs) {
      const result = validateConversation(input);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      const c = result.value;
      const [row] = await q<{ id: string }>(
        `INSERT INTO conversation (source, external_id, channel, team, agent_ids, customer_id, started_at, ended_at, message_count, content)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          c.source,
          c.externalId,
          c.channel,
          c.team,
          c.agents.map((a) => a.id),
          c.customer?.id ?? null,
          c.startedAt,
          c.endedAt,
          c.messages.length,
          c,
        ],
      );
      ids.push(row!.id);
    }
    for (let i = 0; i < ids.length; i += 5) {
      const conversationIds = ids.slice(i, i + 5);
      await queue.add(
        QueueName.Score,
        { conversationIds },
        { ...SCORE_JOB_OPTIONS, jobId: `job-${posted++}` },
      );
    }
    return ids;
  }

  const scamCall = (i: number, minute: number) =>
    conversation({
      channel: 'voice',
      customer: { id: `victim-${i}`, accountId: `acct-victim-${i}` },
      startedAt: new Date(Date.UTC(2026, 11, 5, 10, minute)).toISOString(),
      endedAt: new Date(Date.UTC(2026, 11, 5, 10, minute, 30)).toISOString(),
      messages: scam(i),
      metadata: { contact: { phone: '+37120000000', deviceId: 'dev-scam-1', ip: '203.0.113.7' } },
    });
  const benignCall = (i: number) =>
    conversation({ customer: { id: `cust-${i}`, accountId: `acct-${i}` }, messages: benign(i) });

  /** One workers instance: what main.ts wires for scoring and campaigns, on its own connection pool. */
  async function startInstance(): Promise<CampaignService> {
    const dataSource = createDataSource({ url: db.url, poolSize: 4 });
    await dataSource.initialize();
    dataSources.push(dataSource);
    const campaigns = new CampaignService(new CampaignRepository(dataSource), SETTINGS);
    const repository = new ScoringRepository(dataSource);
    const scoring = new ScoringService(
      repository,
      new EngineConfigSource(new EngineConfigRepository(dataSource, DEFAULT_ENGINE_CONFIG)),
      new MetricsPublisher(connection, prefix),
      new FlagsPublisher(connection, prefix),
      undefined,
      campaigns,
    );
    const score = createScoreProcessor(scoring, repository, { connection, prefix, concurrency: 10 });
    const tick = await createCampaignsProcessor(campaigns, { connection, prefix, everySeconds: 1 });
    workers.push(score, tick);
    void score.run();
    void tick.run();
    return campaigns;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    prefix = testQueuePrefix();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    queue = new Queue<ScoreJob>(QueueName.Score, { connection, prefix });
    services = [await startInstance(), await startInstance()];
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close(true)));
    await queue.obliterate({ force: true });
    await queue.close();
    const campaignsQueue = new Queue(QueueName.Campaigns, { connection, prefix });
    await campaignsQueue.obliterate({ force: true });
    await campaignsQueue.close();
    connection.disconnect();
    await pg.end();
    await Promise.all(dataSources.map((d) => d.destroy()));
    await db.drop();
  });

  const settled = (what: string) =>
    waitFor(
      what,
      async () =>
        (await count(`SELECT count(*)::int AS n FROM conversation WHERE status <> 'scored'`)) === 0 &&
        (await count(`SELECT count(*)::int AS n FROM campaign_pending`)) === 0,
      60_000,
      100,
    );

  it('finds one campaign among traffic two instances scored, lets late members join, and empties the queue', async () => {
    // Scam calls spread through benign traffic, so both instances score some of each.
    const inputs = Array.from({ length: 120 }, (_, i) => benignCall(i));
    for (let i = 0; i < 12; i++) inputs.splice(i * 10 + 3, 0, scamCall(i, i));
    const ids = await post(inputs);
    const scamIds = ids.filter((_, k) => inputs[k]!.channel === 'voice');
    await settled('the first traffic scored and decided');

    // Scoring stored the index row; the tick, not scoring, decided.
    expect(await count(`SELECT count(*)::int AS n FROM campaign_signature`)).toBe(132);
    const campaigns = await q<{
      id: string;
      size: number;
      customers: number;
      first_seen: Date;
      last_seen: Date;
      shared_phrases: string[];
    }>(`SELECT id, size, customers, first_seen, last_seen, shared_phrases FROM campaign`);
    expect(campaigns).toHaveLength(1);
    const [campaign] = campaigns;
    expect(campaign).toMatchObject({ size: 12, customers: 12 });
    expect(campaign!.first_seen.toISOString()).toBe('2026-12-05T10:00:00.000Z');
    expect(campaign!.last_seen.toISOString()).toBe('2026-12-05T10:11:00.000Z');
    expect(campaign!.shared_phrases.join(' | ')).toMatch(/safe account|fraud department/);
    const members = await q<{ conversation_id: string }>(
      `SELECT conversation_id FROM campaign_member WHERE campaign_id = $1`,
      [campaign!.id],
    );
    expect(members.map((m) => m.conversation_id).sort()).toEqual([...scamIds].sort());
    // Every member is marked in the index; no benign conversation is.
    expect(
      await count(`SELECT count(*)::int AS n FROM campaign_signature WHERE campaign_id = $1`, [campaign!.id]),
    ).toBe(12);
    expect(await count(`SELECT count(*)::int AS n FROM campaign_signature WHERE campaign_id IS NULL`)).toBe(
      120,
    );
    // Cross-account signals come from the tick too: one phone, device and IP behind twelve accounts.
    // Each call counts the accounts indexed when it is decided, so the first two may have seen fewer than three.
    expect(
      await count(
        `SELECT count(DISTINCT conversation_id)::int AS n FROM conversation_signal WHERE kind = 'shared_device'`,
      ),
    ).toBeGreaterThanOrEqual(10);

    // Late members, one a caller seen already, and one who started before everyone else.
    await post([
      scamCall(12, 20),
      scamCall(13, 21),
      scamCall(2, 22),
      { ...scamCall(14, 0), startedAt: '2026-12-05T09:30:00.000Z' },
    ]);
    await post(Array.from({ length: 20 }, (_, i) => benignCall(200 + i)));
    await settled('the late members decided');
    const [grown] = await q<{
      id: string;
      size: number;
      customers: number;
      first_seen: Date;
      last_seen: Date;
    }>(`SELECT id, size, customers, first_seen, last_seen FROM campaign`);
    expect(await count(`SELECT count(*)::int AS n FROM campaign`)).toBe(1);
    expect(grown).toMatchObject({ id: campaign!.id, size: 16, customers: 15 });
    expect(grown!.first_seen.toISOString()).toBe('2026-12-05T09:30:00.000Z');
    expect(grown!.last_seen.toISOString()).toBe('2026-12-05T10:22:00.000Z');
    expect(await count(`SELECT count(*)::int AS n FROM campaign_member`)).toBe(16);
  }, 120_000);

  it('leaves the pending conversations alone while another process decides', async () => {
    // Hold the campaign lock as a deciding tick of another process would.
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    try {
      await Promise.all(workers.map((w) => w.pause()));
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [CAMPAIGN_LOCK]);
      const repository = new CampaignRepository(dataSources[0]!);
      const [scoring] = await q<{ id: string }>(
        `INSERT INTO conversation (source, external_id, channel, agent_ids, started_at, ended_at, message_count, content, status)
         SELECT 'test', 'held', 'chat', '{}', now(), now(), 0, '{}', 'scored' RETURNING id`,
      );
      await q(`INSERT INTO campaign_pending (conversation_id) VALUES ($1)`, [scoring!.id]);
      const busy = await services[0]!.tick();
      expect(busy).toMatchObject({ busy: true, decided: 0 });
      expect(await repository.pendingCount()).toBe(1);
      await holder.query('ROLLBACK');
      expect(await services[1]!.tick()).toMatchObject({ busy: false, decided: 1 });
      expect(await repository.pendingCount()).toBe(0);
    } finally {
      await holder.end();
      workers.forEach((w) => w.resume());
    }
  });

  it(`decides a backlog larger than one pass (${TICK_CONVERSATIONS}) in one tick`, async () => {
    await Promise.all(workers.map((w) => w.pause()));
    try {
      await q(
        `WITH c AS (
           INSERT INTO conversation (source, external_id, channel, agent_ids, started_at, ended_at, message_count, content, status)
           SELECT 'test', 'backlog-' || n, 'chat', '{}', now(), now(), 0, '{}', 'scored' FROM generate_series(1, $1) n
           RETURNING id)
         INSERT INTO campaign_pending (conversation_id) SELECT id FROM c`,
        [TICK_CONVERSATIONS + 50],
      );
      const tick = await services[0]!.tick();
      expect(tick).toMatchObject({ busy: false, decided: TICK_CONVERSATIONS + 50 });
      expect(await count(`SELECT count(*)::int AS n FROM campaign_pending`)).toBe(0);
    } finally {
      workers.forEach((w) => w.resume());
    }
  });
});
