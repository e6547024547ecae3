import { Redis } from 'ioredis';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { AnomalyRepository, createDataSource } from '@vigil/data';
import { anomaliesRaisedHandler } from '../../apps/workers/src/anomalies/anomalies-raised';
import { AnomalyDetectionService } from '../../apps/workers/src/anomalies/anomaly-detection.service';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { launchBrowser } from '../support/browser';
import { TEST_REDIS_URL } from '../support/services';
import { TEST_ADMIN, startStack, type Stack } from '../support/stack';

const MINUTE = 60_000;
const OPTIONS = { everySeconds: 15, graceSeconds: 30, historyHours: 24, warmupPoints: 100 };

/**
 * A manager's overview in a real Chromium: overall sentiment drops, the detection tick (the
 * workers' own code, against the same Postgres and Redis) raises an anomaly while the page is open,
 * and it arrives live in the anomalies panel and as a mark on the sentiment chart; its page lists
 * the conversations of that minute.
 */
describe('anomalies in a browser', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let dataSource: DataSource;
  let redis: Redis;
  let prefix: string;
  const pageErrors: string[] = [];
  // The drop is at minute D, closed (past its grace period) by now.
  const D = Math.floor(Date.now() / MINUTE) * MINUTE - 2 * MINUTE;

  const detector = (now: () => number) =>
    new AnomalyDetectionService(
      new AnomalyRepository(dataSource),
      anomaliesRaisedHandler(redis, prefix),
      OPTIONS,
      now,
    );

  /** Overall minute rollups from `from` to `to` (and the hourly ones detection finds series in). */
  async function writeMinutes(from: number, to: number, sentiment: (i: number) => number) {
    const rows = [];
    for (let m = from, i = 0; m < to; m += MINUTE, i++) {
      const n = 10 + (i % 3);
      rows.push({
        bucket: new Date(m).toISOString(),
        n,
        s: n * sentiment(i),
        negative: sentiment(i) < 0 ? n : 1,
      });
    }
    await dataSource.query(
      `INSERT INTO rollup (granularity, dimension, value, bucket, conversations, sentiment_count, sentiment_sum, negative, qa_count, qa_sum, messages)
       SELECT 'minute', 'all', '*', r.bucket, r.n, r.n, r.s, r.negative, r.n, r.n * 80, r.n * 6
         FROM jsonb_to_recordset($1::jsonb) AS r(bucket timestamptz, n int, s float8, negative int)`,
      [JSON.stringify(rows)],
    );
    await dataSource.query(
      `INSERT INTO rollup (granularity, dimension, value, bucket, conversations)
       SELECT 'hour', dimension, value, date_trunc('hour', bucket), sum(conversations) FROM rollup
        WHERE granularity = 'minute' GROUP BY dimension, value, date_trunc('hour', bucket)
       ON CONFLICT (granularity, dimension, value, bucket) DO UPDATE SET conversations = EXCLUDED.conversations`,
    );
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    prefix = testQueuePrefix();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: prefix });
    dataSource = createDataSource({ url: db.url, poolSize: 2 });
    await dataSource.initialize();
    redis = new Redis(TEST_REDIS_URL);
    // Three steady hours, learned before the page opens; then the drop.
    await writeMinutes(D - 180 * MINUTE, D, (i) => 0.3 + ((i % 5) - 2) * 0.02);
    await detector(() => D + 30_000).tick();
    await writeMinutes(D, D + MINUTE, () => -0.6);
    const res = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations',
      conversation({
        externalId: 'drop-1',
        startedAt: new Date(D).toISOString(),
        endedAt: new Date(D + 20_000).toISOString(),
      }),
    );
    expect(res.status).toBe(202);
    // Its counts are in the rollups written above, and this stack runs no workers: marked scored, or
    // detection would wait for it before judging its minute.
    await dataSource.query(`UPDATE conversation SET status = 'scored', scored_at = now() WHERE id = $1`, [
      res.body.id,
    ]);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    redis?.disconnect();
    await dataSource?.destroy();
    await stack?.stop();
    await db?.drop();
  });

  it('shows a new anomaly live in the panel and on the chart, and opens its conversations', async () => {
    await page.goto(`${stack.url}/login`);
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${stack.url}/`);
    const panel = page.getByTestId('anomalies-panel');
    await panel.getByText('Nothing unusual').waitFor();
    await page.getByText(/updated/).waitFor();

    const tick = await detector(Date.now).tick();
    expect(tick.raised.map((a) => a.series.metric)).toContain('sentiment');

    const item = panel.getByTestId('anomaly-item').filter({ hasText: 'Customer sentiment · Overall' });
    await item.waitFor();
    await page
      .locator('[role="img"][aria-label*="Line chart of average customer sentiment"][aria-label*="marked"]')
      .waitFor();

    await item.click();
    await page.waitForURL(/\/anomalies\/[0-9a-f-]+$/);
    await page.getByTestId('anomaly-title').getByText('Customer sentiment · Overall').waitFor();
    await page.getByTestId('anomaly-conversations').getByText('drop-1').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
