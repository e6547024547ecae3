import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import {
  QueueName,
  SCORE_JOB_MAX_CONVERSATIONS,
  SCORE_JOB_OPTIONS,
  validateConversation,
  type ScoreJob,
} from '@vigil/contracts';
import { createDataSource } from '@vigil/data';
import { ANALYZERS } from '@vigil/engine';
import { conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { TEST_REDIS_URL } from '../support/services';
import { runProcess, waitFor, type RunningProcess } from '../support/stack';

/**
 * `npm start` runs several workers processes (VIGIL_WORKERS_PROCESSES) on one queue and one
 * database. Scoring must stay exactly-once and the rollups exact however the jobs are shared out,
 * including when a conversation is delivered twice at the same time to different processes (a job
 * re-queued by the sweep while its first delivery is still being scored).
 */
describe('several workers processes on one database', () => {
  const PROCESSES = 3;
  const CONVERSATIONS = 600;
  const TEAMS = ['billing', 'sales', 'tech']; // in the order the query sorts them
  const CHANNELS = ['chat', 'email'];

  let db: TestDatabase;
  let dataSource: DataSource;
  let connection: Redis;
  let queue: Queue<ScoreJob>;
  let prefix: string;
  const processes: RunningProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, poolSize: 4 });
    await dataSource.initialize();
    connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    prefix = testQueuePrefix();
    queue = new Queue<ScoreJob>(QueueName.Score, { connection, prefix });
  });
  afterAll(async () => {
    await Promise.all(processes.splice(0).map((p) => p.stop()));
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
    await dataSource.destroy();
    await db.drop();
  });

  /** Stores the conversations as the API does (status queued), in one statement. */
  async function storeAll(): Promise<string[]> {
    const all = Array.from({ length: CONVERSATIONS }, (_, i) => {
      const result = validateConversation(
        conversation({ team: TEAMS[i % TEAMS.length], channel: CHANNELS[i % CHANNELS.length] as 'chat' }),
      );
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.value;
    });
    const rows: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO conversation (source, external_id, channel, team, agent_ids, started_at, ended_at,
                                 message_count, content, status, queued_at)
       SELECT v.source, v.external_id, v.channel, v.team, ARRAY['a-17'], v.started_at, v.ended_at,
              v.message_count, v.content, 'queued', now()
         FROM jsonb_to_recordset($1::jsonb) AS v(source varchar, external_id varchar, channel varchar,
              team varchar, started_at timestamptz, ended_at timestamptz, message_count int, content jsonb)
       RETURNING id`,
      [
        JSON.stringify(
          all.map((c) => ({
            source: c.source,
            external_id: c.externalId,
            channel: c.channel,
            team: c.team,
            started_at: c.startedAt,
            ended_at: c.endedAt,
            message_count: c.messages.length,
            content: c,
          })),
        ),
      ],
    );
    return rows.map((r) => r.id);
  }

  /** In jobs of up to SCORE_JOB_MAX_CONVERSATIONS, as the API queues what it stored together. */
  const enqueue = (ids: string[], jobId: (first: string) => string) => {
    const jobs = [];
    for (let i = 0; i < ids.length; i += SCORE_JOB_MAX_CONVERSATIONS) {
      const conversationIds = ids.slice(i, i + SCORE_JOB_MAX_CONVERSATIONS);
      jobs.push({
        name: QueueName.Score,
        data: { conversationIds },
        opts: { ...SCORE_JOB_OPTIONS, jobId: jobId(conversationIds[0]!) },
      });
    }
    return queue.addBulk(jobs);
  };

  it('scores every conversation once and counts each once in the rollups', async () => {
    const ids = await storeAll();
    // Small batches, so that the processes interleave many batches.
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      VIGIL_QUEUE_PREFIX: prefix,
      VIGIL_SCORE_BATCH_SIZE: '20',
      VIGIL_WORKER_CONCURRENCY: '40',
      VIGIL_DISCOVERY_SCHEDULE: 'off',
    };
    // Every conversation twice under different job ids (so BullMQ does not merge them) and in
    // different company, the copies interleaved with the originals so that both deliveries are
    // likely in flight together.
    const half = Math.ceil(ids.length / 2);
    await enqueue(ids.slice(0, half), (id) => id);
    await enqueue(ids.slice(7).concat(ids.slice(0, 7)), (id) => `${id}-again`);
    await enqueue(ids.slice(half), (id) => id);
    for (let i = 0; i < PROCESSES; i++) processes.push(runProcess('apps/workers/dist/main.js', env));

    await waitFor(
      'every job to be done',
      async () => (await queue.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')) === 0,
      90_000,
      250,
    );
    for (const p of processes) expect(p.child.exitCode).toBeNull(); // all three ran to the end

    const statuses: Array<{ status: string; attempts: number; n: number }> = await dataSource.query(
      `SELECT status, attempts, count(*)::int AS n FROM conversation GROUP BY status, attempts`,
    );
    // `attempts` counts the moves to "scored": one each.
    expect(statuses).toEqual([{ status: 'scored', attempts: 1, n: CONVERSATIONS }]);
    const [analyses] = await dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT (conversation_id, analyzer))::int AS distinct_n
         FROM conversation_analysis`,
    );
    expect(analyses).toEqual({
      n: CONVERSATIONS * ANALYZERS.length,
      distinct_n: CONVERSATIONS * ANALYZERS.length,
    });

    // Every series counts each conversation once, at every granularity.
    const totals: Array<{ granularity: string; dimension: string; value: string; n: number }> =
      await dataSource.query(
        `SELECT granularity, dimension, value, sum(conversations)::int AS n FROM rollup
          WHERE dimension IN ('all', 'team', 'channel')
          GROUP BY granularity, dimension, value ORDER BY granularity, dimension, value`,
      );
    const expected = ['day', 'hour', 'minute'].flatMap((granularity) => [
      { granularity, dimension: 'all', value: '*', n: CONVERSATIONS },
      ...CHANNELS.map((value) => ({
        granularity,
        dimension: 'channel',
        value,
        n: CONVERSATIONS / CHANNELS.length,
      })),
      ...TEAMS.map((value) => ({ granularity, dimension: 'team', value, n: CONVERSATIONS / TEAMS.length })),
    ]);
    expect(totals).toEqual(expected);
    // The counters derived from the scores agree with the conversations' own facts.
    const [facts] = await dataSource.query(
      `SELECT count(customer_sentiment)::int AS sentiment_count, count(qa_score)::int AS qa_count
         FROM conversation`,
    );
    const [day] = await dataSource.query(
      `SELECT sum(sentiment_count)::int AS sentiment_count, sum(qa_count)::int AS qa_count FROM rollup
        WHERE granularity = 'day' AND dimension = 'all'`,
    );
    expect(day).toEqual(facts);
  }, 120_000); // three processes scoring 1,200 deliveries on a shared 2-core machine
});
