import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import type { ConversationDetail } from '@vigil/contracts';
import { ApiClient } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { launchBrowser } from '../support/browser';
import { chatLeftOpen, ordinaryChat } from '../support/outliers';
import { TEST_ADMIN, startStack, waitFor, type Stack } from '../support/stack';

/** Markup in a team name: shown as the text it is, never as markup. */
const TEAM = 'billing <i>desk</i>';

/**
 * A manager opens a chat that was left open for 48 minutes, in a team whose chats usually take
 * about 9: the conversation page says so in words, against that team and channel.
 */
describe('an outlier on the conversation page', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let open: ConversationDetail;
  let ordinary: ConversationDetail;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    const ingest = ApiClient.ingest(stack.url);
    const admin = await ApiClient.admin(stack.url);
    const scored = async (id: string) => {
      const body = (await admin.get(`/api/v1/conversations/${id}`)).body as ConversationDetail;
      return body.status === 'scored' && body;
    };

    const bulk = await ingest.post(
      '/api/v1/conversations/bulk',
      Array.from({ length: 60 }, (_, i) => ordinaryChat(i, TEAM)),
    );
    expect(bulk.status).toBe(202);
    const ids = (bulk.body.accepted as { id: string }[]).map((a) => a.id);
    ordinary = await waitFor('the ordinary chats to be scored', () => scored(ids[ids.length - 1]!), 60_000);
    // The outliers step runs after each batch is saved: wait until all 60 are in the team's norm.
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      await waitFor(
        'the norm of 60 chats',
        async () =>
          (
            await pg.query(
              `SELECT 1 FROM conversation_norm WHERE team = $1 AND metric = 'handle_time' AND conversations = 60`,
              [TEAM],
            )
          ).rowCount === 1,
        60_000,
      );
    } finally {
      await pg.end();
    }
    const posted = await ingest.post('/api/v1/conversations', chatLeftOpen(TEAM));
    expect(posted.status).toBe(202);
    open = await waitFor(
      'the signal',
      async () => {
        const body = await scored(posted.body.id);
        return body && body.signals.length > 0 && body;
      },
      60_000,
    );

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${stack.url}/login`);
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${stack.url}/`);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  it('says the handle time against the usual for the team and channel', async () => {
    expect(open.signals.map((s) => s.kind)).toEqual(['outlier_handle_time']);
    await page.goto(`${stack.url}/conversations/${open.id}`);
    const card = page.getByTestId('conversation-signals');
    await card.waitFor();
    const lines = await card.getByTestId('outlier-signal').allInnerTexts();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Handle time 48 min — about [4-7]× the usual (7|8|9|10) min for billing <i>desk<\/i> chat\n.*standard deviations above the norm .*from 60 earlier billing <i>desk<\/i> chat conversations$/,
    );
    // The team's markup is text: no element was made from it.
    expect(await card.locator('i').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('shows no signals on an ordinary chat', async () => {
    await page.goto(`${stack.url}/conversations/${ordinary.id}`);
    await page.getByTestId('message').first().waitFor();
    expect(await page.getByTestId('conversation-signals').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
