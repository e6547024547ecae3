import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { QueueName, SCORE_JOB_OPTIONS, validateConversation, type ScoreJob } from '@vigil/contracts';
import { EngineConfigRepository, ScoringRepository, createDataSource } from '@vigil/data';
import { ANALYZERS, DEFAULT_ENGINE_CONFIG } from '@vigil/engine';
import { conversation } from '../../../../test/support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../../../../test/support/database';
import { TEST_REDIS_URL } from '../../../../test/support/services';
import { waitFor } from '../../../../test/support/stack';
// The engine module itself (not the package index), so a spy replaces what the index re-exports.
import * as engine from '../../../../packages/engine/src/engine';
import { EngineConfigSource } from '../scoring/engine-config.source';
import { FlagsPublisher } from '../scoring/flags-publisher';
import { MetricsPublisher } from '../scoring/metrics-publisher';
import { ScoringService } from '../scoring/scoring.service';
import { createScoreProcessor } from './score.processor';

describe('score processor against real Postgres and Redis', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let connection: Redis;
  let prefix: string;
  let queue: Queue<ScoreJob>;
  let scoring: ScoringService;
  let repository: ScoringRepository;
  const workers: Worker[] = [];

  async function store(overrides = {}): Promise<string> {
    const result = validateConversation(conversation(overrides));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const c = result.value;
    const [row] = await dataSource.query(
      `INSERT INTO conversation (source, external_id, channel, team, agent_ids, started_at, ended_at, message_count, content)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        c.source,
        c.externalId,
        c.channel,
        c.team,
        c.agents.map((a) => a.id),
        c.startedAt,
        c.endedAt,
        c.messages.length,
        c,
      ],
    );
    return row.id;
  }

  const statusOf = async (id: string) =>
    (await dataSource.query(`SELECT status, attempts, error FROM conversation WHERE id = $1`, [id]))[0];
  const enqueue = (ids: string | string[], opts = {}) => {
    const conversationIds = typeof ids === 'string' ? [ids] : ids;
    return queue.add(
      QueueName.Score,
      { conversationIds },
      { ...SCORE_JOB_OPTIONS, jobId: conversationIds.join('+'), ...opts },
    );
  };
  const start = (lockDurationMs?: number) => {
    const worker = createScoreProcessor(scoring, repository, {
      connection,
      prefix,
      concurrency: 10,
      lockDurationMs,
    });
    workers.push(worker);
    void worker.run();
    return worker;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, poolSize: 4 });
    await dataSource.initialize();
    connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    repository = new ScoringRepository(dataSource);
  });
  // A queue per test: BullMQ rate-limits its stalled-job check per queue, so a worker of one test
  // would otherwise delay the crash recovery of the next.
  beforeEach(() => {
    prefix = testQueuePrefix();
    queue = new Queue<ScoreJob>(QueueName.Score, { connection, prefix });
    scoring = new ScoringService(
      repository,
      new EngineConfigSource(new EngineConfigRepository(dataSource, DEFAULT_ENGINE_CONFIG)),
      new MetricsPublisher(connection, prefix),
      new FlagsPublisher(connection, prefix),
    );
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all(workers.splice(0).map((w) => w.close(true)));
    await queue.obliterate({ force: true });
    await queue.close();
  });
  afterAll(async () => {
    connection.disconnect();
    await dataSource.destroy();
    await db.drop();
  });

  it('scores queued conversations and writes one result however often it is scored', async () => {
    const id = await store({ team: 'idempotency' });
    start();
    await enqueue(id);
    await waitFor('scored', async () => (await statusOf(id)).status === 'scored');

    await scoring.scoreBatch([id, id]); // a duplicate delivery, e.g. after a stall
    const analyses = await dataSource.query(
      `SELECT analyzer FROM conversation_analysis WHERE conversation_id = $1 ORDER BY analyzer`,
      [id],
    );
    expect(analyses).toEqual(
      ANALYZERS.map((a) => ({ analyzer: a.name })).sort((a, b) => a.analyzer.localeCompare(b.analyzer)),
    );
    const [rollup] = await dataSource.query(
      `SELECT conversations FROM rollup WHERE granularity = 'day' AND dimension = 'team' AND value = 'idempotency'`,
    );
    expect(rollup.conversations).toBe(1);
  });

  it('retries only the failing conversation of a job and marks it failed with the error after the last attempt', async () => {
    const poisoned = await store({ externalId: 'poison', team: 'retries' });
    const healthy = await store({ team: 'retries' });
    const real = engine.scoreConversation;
    const scored = jest.spyOn(engine, 'scoreConversation').mockImplementation((c) =>
      c.externalId === 'poison'
        ? (() => {
            throw new Error('analyzer exploded');
          })()
        : real(c),
    );
    start();
    // Stored together, queued together: one job carries both.
    await enqueue([poisoned, healthy], { attempts: 3, backoff: { type: 'fixed', delay: 50 } });

    await waitFor('the healthy one to be scored', async () => (await statusOf(healthy)).status === 'scored');
    const failed = await waitFor('the poisoned one to fail', async () => {
      const s = await statusOf(poisoned);
      return s.status === 'failed' && s;
    });
    expect(failed).toEqual({ status: 'failed', attempts: 3, error: 'analyzer exploded' });
    // The retries scored the poisoned one again, never the healthy one, which counts once.
    const calls = scored.mock.calls.map(([c]) => c.externalId);
    expect(calls.filter((id) => id === 'poison')).toHaveLength(3);
    expect(calls.filter((id) => id !== 'poison')).toHaveLength(1);
    const [rollup] = await dataSource.query(
      `SELECT conversations FROM rollup WHERE granularity = 'day' AND dimension = 'team' AND value = 'retries'`,
    );
    expect(rollup.conversations).toBe(1);
  });

  it('completes a job whose conversation was erased after it was queued', async () => {
    const kept = await store();
    const erased = await store();
    await dataSource.query(`DELETE FROM conversation WHERE id = $1`, [erased]);
    start();
    const job = await enqueue([erased, kept]);
    await waitFor(
      'the job to complete',
      async () => (await job.getState()) === 'unknown' || (await job.isCompleted()),
    );
    expect((await statusOf(kept)).status).toBe('scored');
  });

  it('takes over the job of a worker that died mid-job', async () => {
    const id = await store();
    // A worker that takes the job and never finishes it: as if its process had been killed.
    let taken!: () => void;
    const tookIt = new Promise<void>((resolve) => (taken = resolve));
    const dying: Worker<ScoreJob> = new Worker<ScoreJob>(
      QueueName.Score,
      () => (taken(), new Promise(() => undefined)),
      {
        connection,
        prefix,
        lockDuration: 1000,
        stalledInterval: 1000,
      },
    );
    await enqueue(id);
    await tookIt;
    await dying.close(true); // stops renewing the lock without finishing

    start(1000);
    await waitFor(
      'another worker to score it',
      async () => (await statusOf(id)).status === 'scored',
      20_000,
      200,
    );
  });
});
