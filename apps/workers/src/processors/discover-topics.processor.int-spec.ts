import { Queue, type Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { QueueName, type DiscoverTopicsJob } from '@vigil/contracts';
import {
  BackgroundRunRepository,
  ConfigError,
  ConversationRepository,
  EngineConfigRepository,
  createDataSource,
} from '@vigil/data';
import { DEFAULT_ENGINE_CONFIG } from '@vigil/engine';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../../../../test/support/database';
import { CRYPTO_WALLET_REQUESTS } from '../../../../test/support/requests';
import { TEST_REDIS_URL } from '../../../../test/support/services';
import { waitFor } from '../../../../test/support/stack';
import { TopicDiscoveryService } from '../discovery/topic-discovery.service';
import { EngineConfigSource } from '../scoring/engine-config.source';
import { createDiscoverTopicsProcessor, DISCOVERY_SCHEDULER_ID } from './discover-topics.processor';

/** Six recent requests (one old one is added outside the period). */
const REQUESTS = CRYPTO_WALLET_REQUESTS.slice(0, 6);

/** The scheduled side of topic discovery, against real Postgres and Redis. */
describe('discover-topics processor', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let connection: Redis;
  let prefix: string;
  let worker: Worker<DiscoverTopicsJob> | undefined;
  const settings = { schedule: '0 3 * * *', days: 7, maxConversations: 1000 };

  const start = (schedule: string | null) =>
    createDiscoverTopicsProcessor(
      new TopicDiscoveryService(
        new BackgroundRunRepository(dataSource),
        new ConversationRepository(dataSource),
        new EngineConfigSource(new EngineConfigRepository(dataSource, DEFAULT_ENGINE_CONFIG)),
        settings,
      ),
      { connection, prefix, schedule },
    );
  const schedulers = async () => {
    const queue = new Queue(QueueName.DiscoverTopics, { connection, prefix });
    try {
      return await queue.getJobSchedulers();
    } finally {
      await queue.close();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, poolSize: 2 });
    await dataSource.initialize();
    connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    // Scored conversations without a topic, as the workers leave them: one old, the rest recent.
    for (const [i, text] of [...REQUESTS, 'My crypto wallet withdrawal from last month'].entries()) {
      const endedAt = new Date(Date.now() - (i === REQUESTS.length ? 30 : 1) * 86_400_000);
      await dataSource.query(
        `INSERT INTO conversation (source, external_id, channel, agent_ids, started_at, ended_at, message_count, content, status)
         VALUES ('test', $1, 'chat', '{}', $2, $2, 2, $3, 'scored')`,
        [
          `d-${i}`,
          endedAt,
          {
            messages: [
              { role: 'customer', text },
              { role: 'agent', text: 'Let me check the withdrawal.' },
            ],
          },
        ],
      );
    }
  });
  beforeEach(() => (prefix = testQueuePrefix()));
  afterEach(async () => {
    await worker?.close(true);
    worker = undefined;
  });
  afterAll(async () => {
    connection.disconnect();
    await dataSource.destroy();
    await db.drop();
  });

  it('keeps one schedule however many workers start, and removes it when switched off', async () => {
    await (await start('0 3 * * *')).close();
    worker = await start('0 3 * * *');
    expect(await schedulers()).toEqual([
      expect.objectContaining({ key: DISCOVERY_SCHEDULER_ID, pattern: '0 3 * * *' }),
    ]);
    await worker.close();
    worker = await start(null);
    expect(await schedulers()).toEqual([]);
  });

  it('names the setting when the schedule is not a cron pattern', async () => {
    await expect(start('every night')).rejects.toThrow(ConfigError);
    await expect(start('every night')).rejects.toThrow(/VIGIL_DISCOVERY_SCHEDULE/);
  });

  it('makes its own run for a scheduled job, over the configured days', async () => {
    worker = await start(null);
    void worker.run();
    const queue = new Queue<DiscoverTopicsJob>(QueueName.DiscoverTopics, { connection, prefix });
    await queue.add(QueueName.DiscoverTopics, {}); // what the scheduler adds
    await queue.close();

    const runs = new BackgroundRunRepository(dataSource);
    const run = await waitFor('the scheduled run to finish', async () => {
      const [r] = await runs.recent('topic-discovery', 1);
      return r?.status === 'done' && r;
    });
    expect(run.requestedBy).toBeNull();
    expect(Date.parse(run.params.to) - Date.parse(run.params.from)).toBe(7 * 86_400_000);
    expect(run.result.considered).toBe(REQUESTS.length); // the month-old one is outside the period
    expect(run.result.candidates?.map((c) => c.label)).toEqual(['crypto wallet']);
  });
});
