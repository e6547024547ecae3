import { Queue, type Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { QueueName, type RetentionJob } from '@vigil/contracts';
import {
  AuditRepository,
  BackgroundRunRepository,
  ConfigError,
  RetentionRepository,
  createDataSource,
} from '@vigil/data';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../../../../test/support/database';
import { TEST_REDIS_URL } from '../../../../test/support/services';
import { waitFor } from '../../../../test/support/stack';
import { RetentionService } from '../retention/retention.service';
import { RETENTION_SCHEDULER_ID, createRetentionProcessor } from './retention.processor';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

/**
 * The retention job against real Postgres and Redis: the clock is the data's — conversations that
 * ended long ago, audit entries written long ago — and the job runs through its BullMQ worker.
 */
describe('retention processor', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let connection: Redis;
  let prefix: string;
  let worker: Worker<RetentionJob> | undefined;
  const ids: Record<string, string> = {};

  const start = (schedule: string | null) =>
    createRetentionProcessor(
      new RetentionService(
        new BackgroundRunRepository(dataSource),
        new RetentionRepository(dataSource),
        new AuditRepository(dataSource),
        { batch: 1, auditBatch: 1 }, // one row per batch: every step goes through many batches
      ),
      { connection, prefix, schedule },
    );
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    dataSource.query(sql, params) as Promise<T[]>;

  /** A scored conversation with a customer, personal metadata and two analyses. */
  const conversation = async (name: string, endedAt: Date) => {
    const content = {
      externalId: name,
      source: 'test',
      channel: 'chat',
      startedAt: endedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      team: 'billing',
      agents: [{ id: 'a-1', name: 'Ann', kind: 'human' }],
      customer: { id: `cust-${name}`, accountId: 'acct-9' },
      messages: [
        { role: 'customer', text: `My card is 4111 1111 1111 1111, I am ${name}` },
        { role: 'agent', authorId: 'a-1', text: 'Thanks, let me look.' },
      ],
      metadata: { csat: 4, contact: { phone: '+37120000000', ip: '203.0.113.7' } },
    };
    const [row] = await q<{ id: string }>(
      `INSERT INTO conversation (source, external_id, channel, team, agent_ids, customer_id, started_at, ended_at,
                                 message_count, content, status, customer_sentiment, qa_score, scored_at)
       VALUES ('test', $1, 'chat', 'billing', '{a-1}', $2, $3, $3, 2, $4, 'scored', -0.4, 80, $3) RETURNING id`,
      [name, `cust-${name}`, endedAt, content],
    );
    for (const analyzer of ['sentiment', 'qa'])
      await q(
        `INSERT INTO conversation_analysis (conversation_id, analyzer, version, output) VALUES ($1, $2, '1', '{"evidence": []}')`,
        [row!.id, analyzer],
      );
    ids[name] = row!.id;
    return row!.id;
  };
  const audit = (action: string, at: Date) =>
    q(`INSERT INTO audit_log (at, actor, action, target) VALUES ($1, 'someone@example.com', $2, 'test')`, [
      at,
      action,
    ]);
  const runJob = async (): Promise<string> => {
    const runs = new BackgroundRunRepository(dataSource);
    const before = (await runs.recent('retention', 1))[0]?.id;
    const queue = new Queue<RetentionJob>(QueueName.Retention, { connection, prefix });
    await queue.add(QueueName.Retention, {}); // what the nightly scheduler adds
    await queue.close();
    const run = await waitFor('the retention run to finish', async () => {
      const [r] = await runs.recent('retention', 1);
      return r && r.id !== before && (r.status === 'done' || r.status === 'failed') && r;
    });
    expect(run).toMatchObject({ status: 'done', error: null });
    return run.id;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, poolSize: 3 });
    await dataSource.initialize();
    connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    // The defaults: text 365 days, scores 730, flags 730, audit 2555.
    await conversation('recent', daysAgo(10));
    await conversation('year-old', daysAgo(400)); // text expired; scores and flags kept
    await conversation('ancient', daysAgo(800)); // text, scores and flags expired
    // A flag per conversation (the review queue's, quoting its words, with a history entry) and the
    // encrypted original of each (PII masking keeps them when the operator asks).
    for (const name of ['recent', 'year-old', 'ancient']) {
      const [flag] = await q<{ id: string }>(
        `INSERT INTO flag (conversation_id, rule_id, rule_version, kind, severity, severity_rank, label, reason,
                           evidence, channel, conversation_ended_at)
         SELECT id, 'pii.card', '1', 'pii', 'high', 3, 'Card number', 'A card number in chat', $2, channel, ended_at
           FROM conversation WHERE id = $1 RETURNING id`,
        [
          ids[name],
          JSON.stringify([
            { messageIndex: 0, start: 11, end: 30, quote: '4111 1111 1111 1111', ruleId: 'pii.card' },
          ]),
        ],
      );
      await q(`INSERT INTO flag_event (flag_id, kind, actor) VALUES ($1, 'raised', 'system')`, [flag!.id]);
      await q(
        `INSERT INTO conversation_original (conversation_id, iv, tag, ciphertext) VALUES ($1, '\\x00', '\\x00', '\\x00')`,
        [ids[name]],
      );
    }
    // Rollups, as the workers keep them: aggregates, no personal data.
    await q(`INSERT INTO rollup (granularity, dimension, value, bucket, conversations, negative, messages)
             VALUES ('day', 'all', '', date_trunc('day', now() - interval '800 days'), 1, 1, 2),
                    ('day', 'all', '', date_trunc('day', now() - interval '400 days'), 1, 1, 2),
                    ('day', 'all', '', date_trunc('day', now() - interval '10 days'), 1, 1, 2)`);
    await audit('key.created', daysAgo(3000)); // older than 2555 days
    await audit('key.revoked', daysAgo(2000));
    // A topic-discovery run quoting the year-old conversation and the recent one.
    await q(
      `INSERT INTO background_run (kind, status, params, result) VALUES ('topic-discovery', 'done', '{}', $1)`,
      [
        {
          candidates: [
            {
              id: 'candidate.cards',
              label: 'cards',
              examples: [
                { conversationId: ids['year-old'], text: 'I am year-old' },
                { conversationId: ids.recent, text: 'I am recent' },
              ],
              suggestion: {
                key: 'cards',
                label: 'Cards',
                examples: ['I am year-old', 'I am recent'],
                keywords: [],
              },
              adopted: null,
            },
          ],
        },
      ],
    );
  });
  beforeEach(() => (prefix = testQueuePrefix()));
  afterEach(async () => {
    await worker?.close(true);
    worker = undefined;
  });
  afterAll(async () => {
    connection?.disconnect();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('keeps one nightly schedule however many workers start, and removes it when switched off', async () => {
    await (await start('30 2 * * *')).close();
    worker = await start('30 2 * * *');
    const queue = new Queue(QueueName.Retention, { connection, prefix });
    expect(await queue.getJobSchedulers()).toEqual([
      expect.objectContaining({ key: RETENTION_SCHEDULER_ID, pattern: '30 2 * * *' }),
    ]);
    await worker.close();
    worker = await start(null);
    expect(await queue.getJobSchedulers()).toEqual([]);
    await queue.close();
  });

  it('names the setting when the schedule is not a cron pattern', async () => {
    await expect(start('nightly')).rejects.toThrow(ConfigError);
    await expect(start('nightly')).rejects.toThrow(/VIGIL_RETENTION_SCHEDULE/);
  });

  it('the audit trigger refuses deletes and updates outside the retention run, old rows included', async () => {
    await expect(q(`DELETE FROM audit_log WHERE action = 'key.created'`)).rejects.toThrow(/append-only/);
    await expect(q(`UPDATE audit_log SET actor = 'x'`)).rejects.toThrow(/append-only/);
    await expect(q(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    // The retention run's setting does not let through a row younger than the stored audit period…
    await expect(
      dataSource.transaction(async (tx) => {
        await tx.query(`SELECT set_config('vigil.audit_retention', 'on', true)`);
        await tx.query(`DELETE FROM audit_log WHERE action = 'key.revoked'`);
      }),
    ).rejects.toThrow(/append-only/);
    // … nor an UPDATE, and the setting lasts only for its transaction.
    await expect(
      dataSource.transaction(async (tx) => {
        await tx.query(`SELECT set_config('vigil.audit_retention', 'on', true)`);
        await tx.query(`UPDATE audit_log SET actor = 'x' WHERE action = 'key.created'`);
      }),
    ).rejects.toThrow(/append-only/);
    await expect(q(`DELETE FROM audit_log WHERE action = 'key.created'`)).rejects.toThrow(/append-only/);
    expect(await q(`SELECT action FROM audit_log ORDER BY id`)).toEqual([
      { action: 'key.created' },
      { action: 'key.revoked' },
    ]);
  });

  it('expires what outlived its period, keeps the rest and the rollups’ counts, and records the run', async () => {
    const rollupsBefore = await q(`SELECT * FROM rollup ORDER BY bucket`);
    worker = await start(null);
    void worker.run();
    const runId = await runJob();

    const rows = await q<{
      external_id: string;
      content: any;
      customer_id: string | null;
      text_expired_at: Date | null;
      scores_expired_at: Date | null;
      status: string;
      qa_score: number;
    }>(
      `SELECT external_id, content, customer_id, text_expired_at, scores_expired_at, status, qa_score
         FROM conversation ORDER BY ended_at`,
    );
    const byName = Object.fromEntries(rows.map((r) => [r.external_id, r]));
    // Text: emptied (and nothing of the customer) for the two older than 365 days; the rows stay.
    for (const name of ['ancient', 'year-old']) {
      const c = byName[name]!;
      expect(c.text_expired_at).not.toBeNull();
      expect(c.customer_id).toBeNull();
      expect(c.content.messages).toEqual([
        { role: 'customer', text: '' },
        { role: 'agent', authorId: 'a-1', text: '' },
      ]);
      expect(c.content.customer).toBeUndefined();
      expect(c.content.metadata).toEqual({ csat: 4 });
      expect(JSON.stringify(c.content)).not.toMatch(/4111|cust-|37120000000|203\.0\.113|acct-9/);
      expect(c).toMatchObject({ status: 'scored', qa_score: 80 }); // the summary figures stay
    }
    expect(byName.recent!.text_expired_at).toBeNull();
    expect(byName.recent!.content.messages[0].text).toContain('4111');
    expect(byName.recent!.customer_id).toBe('cust-recent');

    // Scores and flags: only the conversation older than 730 days lost them.
    const analyses = await q<{ external_id: string; n: number }>(
      `SELECT c.external_id, count(a.*)::int AS n FROM conversation c
         LEFT JOIN conversation_analysis a ON a.conversation_id = c.id GROUP BY 1 ORDER BY 1`,
    );
    expect(analyses).toEqual([
      { external_id: 'ancient', n: 0 },
      { external_id: 'recent', n: 2 },
      { external_id: 'year-old', n: 2 },
    ]);
    expect(byName.ancient!.scores_expired_at).not.toBeNull();
    expect(byName['year-old']!.scores_expired_at).toBeNull();
    const flags = await q<{ external_id: string; quote: string; events: number }>(
      `SELECT c.external_id, f.evidence->0->>'quote' AS quote,
              (SELECT count(*)::int FROM flag_event e WHERE e.flag_id = f.id) AS events
         FROM flag f JOIN conversation c ON c.id = f.conversation_id ORDER BY 1`,
    );
    // The year-old conversation's flag stays, but no longer quotes its expired text.
    expect(flags).toEqual([
      { external_id: 'recent', quote: '4111 1111 1111 1111', events: 1 },
      { external_id: 'year-old', quote: '', events: 1 },
    ]);
    expect(await q(`SELECT count(*)::int AS n FROM flag_event`)).toEqual([{ n: 2 }]);
    // Kept originals go with the text.
    const originals = await q<{ external_id: string }>(
      `SELECT c.external_id FROM conversation_original o JOIN conversation c ON c.id = o.conversation_id`,
    );
    expect(originals.map((o) => o.external_id)).toEqual(['recent']);

    // Audit: the entry older than 2555 days went; the younger one stays, and the run is on record.
    const actions = (await q<{ action: string }>(`SELECT action FROM audit_log ORDER BY id`)).map(
      (a) => a.action,
    );
    expect(actions).toEqual(['key.revoked', 'retention.applied']);
    const [applied] = await q<{ actor: string; details: any }>(
      `SELECT actor, details FROM audit_log WHERE action = 'retention.applied'`,
    );
    expect(applied!.actor).toBe('system');
    expect(applied!.details.removed).toEqual({ text: 2, scores: 2, flags: 1, audit: 1 });

    // The rollups are untouched.
    expect(await q(`SELECT * FROM rollup ORDER BY bucket`)).toEqual(rollupsBefore);

    // Discovery no longer quotes the expired conversation, nor suggests its words.
    const [discovery] = await q<{ result: any }>(
      `SELECT result FROM background_run WHERE kind = 'topic-discovery'`,
    );
    expect(discovery!.result.candidates[0].examples).toEqual([
      { conversationId: ids.recent, text: 'I am recent' },
    ]);
    expect(discovery!.result.candidates[0].suggestion.examples).toEqual(['I am recent']);

    // The run: when, which periods, how many rows per class.
    const run = await new BackgroundRunRepository(dataSource).find('retention', runId);
    expect(run).toMatchObject({
      requestedBy: null,
      result: {
        policy: { text: 365, scores: 730, flags: 730, audit: 2555 },
        removed: { text: 2, scores: 2, flags: 1, audit: 1 },
        discoveryExamples: 1,
      },
    });
    expect(run!.startedAt).not.toBeNull();
    expect(run!.finishedAt).not.toBeNull();
  });

  it('finds nothing more on a second run, and "keep forever" expires nothing of its class', async () => {
    worker = await start(null);
    void worker.run();
    let runId = await runJob();
    expect((await new BackgroundRunRepository(dataSource).find('retention', runId))!.result.removed).toEqual({
      text: 0,
      scores: 0,
      flags: 0,
      audit: 0,
    });

    await new RetentionRepository(dataSource).savePolicy(
      { text: 5, scores: null, flags: 5, audit: null },
      'admin@example.com',
    );
    runId = await runJob();
    const run = await new BackgroundRunRepository(dataSource).find('retention', runId);
    expect(run!.result.removed).toEqual({ text: 1, scores: 0, flags: 2, audit: 0 });
    expect(await q(`SELECT count(*)::int AS n FROM conversation_analysis`)).toEqual([{ n: 4 }]);
    expect(await q(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'key.revoked'`)).toEqual([
      { n: 1 },
    ]);
    // With the audit log kept forever, even the retention run's setting deletes nothing.
    await expect(
      dataSource.transaction(async (tx) => {
        await tx.query(`SELECT set_config('vigil.audit_retention', 'on', true)`);
        await tx.query(`DELETE FROM audit_log WHERE action = 'key.revoked'`);
      }),
    ).rejects.toThrow(/append-only/);
  });
});
