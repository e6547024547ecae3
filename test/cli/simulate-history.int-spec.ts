import type { ConversationSummary, Page } from '@vigil/contracts';
import { ApiClient } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { runProcess, startStack, TEST_INGEST_KEY, type Stack } from '../support/stack';

const MINUTE = 60_000;
const RATE = 5;

/**
 * `vigil simulate --history` restarted, as the demo is: the second run sees the history the first
 * posted (the simulator's timeline names each conversation by its slot, and the API answers a slot
 * posted before as a duplicate) and skips it, so the past is not doubled.
 */
describe('vigil simulate --history, restarted', () => {
  let db: TestDatabase;
  let stack: Stack;
  let admin: ApiClient;
  const since = new Date(Date.now() - 15 * MINUTE).toISOString();

  /** One run of the command as people run it: 10 minutes of history, then 2 s of live traffic. */
  async function simulate(seed: string): Promise<{ code: number | null; output: string }> {
    const run = runProcess('apps/workers/bin/vigil.js', {}, [
      'simulate',
      ...['--url', stack.url, '--key', TEST_INGEST_KEY, '--rate', String(RATE)],
      ...['--history', '10', '--duration', '2', '--incidents', 'off', '--seed', seed],
    ]);
    const code = await new Promise<number | null>((resolve) => run.child.once('exit', resolve));
    return { code, output: run.output() };
  }

  /** Conversations stored since the history window of the first run began. */
  async function stored(): Promise<number> {
    const res = await admin.get(`/api/v1/conversations?from=${encodeURIComponent(since)}&pageSize=1`);
    expect(res.status).toBe(200);
    return (res.body as Page<ConversationSummary>).total;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix() });
    admin = await ApiClient.admin(stack.url);
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  let first: number;
  let firstEndedAt: number;

  it('the first run posts the history, then live traffic', async () => {
    const run = await simulate('first');
    firstEndedAt = Date.now();
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/history: posting the last 10 min/);
    expect(run.output).toMatch(/history: sent \d+, accepted \d+ \(0 already present\), rejected 0, errors 0/);
    first = await stored();
    // 10 minutes and 2 seconds at 5 a second.
    expect(first).toBeGreaterThanOrEqual(10 * 60 * RATE);
    expect(first).toBeLessThan(10 * 60 * RATE + 30);
  }, 60_000);

  it('the restart sees it already present and posts only the seconds since, not the past again', async () => {
    const run = await simulate('second');
    const gapSeconds = (Date.now() - firstEndedAt) / 1000;
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/history already present/);
    const [, sent, present] = /history: sent (\d+), accepted \d+ \((\d+) already present\)/.exec(run.output)!;
    const second = await stored();
    // What was stored grew by the time between the runs and the restart's live traffic, at the rate.
    expect(second - first).toBeLessThanOrEqual(Math.ceil((gapSeconds + 3) * RATE));
    expect(second).toBeLessThan(first * 1.1);
    // The restart sent a few conversations of the history, not 10 minutes of it again.
    expect(Number(sent)).toBeLessThan(10 * RATE + gapSeconds * RATE);
    expect(Number(present)).toBeLessThanOrEqual(Number(sent));
  }, 60_000);
});
