import type { Browser, Page } from 'playwright-core';
import type { ConversationInput } from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN, startStack, waitFor, type Stack } from '../support/stack';

const DOUBLE_CHARGE = 'billing.double_charge';

/**
 * A manager watches quality on the live overview in a real Chromium against the real stack: the QA
 * score and a topic appear as conversations come in, without a reload; the topic opens its own page
 * with its conversations, and an agent's page shows their QA score.
 */
describe('quality and topics on the live overview', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  /** A double-charge complaint handled by the book: greeting, apology, fix, closing. */
  function doubleCharge(index: number): ConversationInput {
    const end = Date.now() - 1_000;
    const at = (seconds: number) => new Date(end - 240_000 + seconds * 1000).toISOString();
    return conversation({
      externalId: `double-charge-${process.pid}-${index}`,
      startedAt: at(0),
      endedAt: at(240),
      messages: [
        {
          role: 'customer',
          at: at(0),
          text: 'Hi, I was charged twice for my subscription this month. I want a refund for the double charge, this is really annoying.',
        },
        {
          role: 'agent',
          authorId: 'a-17',
          at: at(35),
          text: 'Hello, thank you for contacting us! I am sorry about the double charge, let me check your account.',
        },
        {
          role: 'agent',
          authorId: 'a-17',
          at: at(130),
          text: 'I can see the duplicate payment. I have issued a refund; you will see it within 5 business days.',
        },
        { role: 'customer', at: at(160), text: 'Great, thank you so much for your help.' },
        {
          role: 'agent',
          authorId: 'a-17',
          at: at(190),
          text: 'You are welcome! Is there anything else I can help you with? Have a great day.',
        },
      ],
    });
  }

  const value = async (testid: string) => page.getByTestId(`${testid}-value`).getAttribute('data-value');

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`${stack.url}/login`);
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${stack.url}/`);
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  it('starts empty: no QA score, no topics', async () => {
    expect(await value('kpi-conversations')).toBe('0');
    expect(await value('kpi-qa')).toBe('');
    expect(await page.getByTestId('top-topics').count()).toBe(0);
  });

  it('shows the QA score, emotions and a new topic as conversations come in, without a reload', async () => {
    let navigations = 0;
    page.on('framenavigated', () => (navigations += 1));

    const res = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations/bulk',
      [0, 1, 2, 3].map(doubleCharge),
    );
    expect(res.status).toBe(202);
    expect(res.body.accepted).toHaveLength(4);

    await waitFor(
      'the overview to count 4 conversations',
      async () => (await value('kpi-conversations')) === '4',
    );
    await waitFor('a QA score', async () => (await value('kpi-qa')) !== '');
    const qa = Number(await value('kpi-qa'));
    expect(qa).toBeGreaterThan(0);
    expect(qa).toBeLessThanOrEqual(100);
    expect(await page.getByTestId('kpi-qa-value').innerText()).toContain(String(Math.round(qa)));

    const topTopic = page.getByTestId('top-topics').locator(`[data-key="${DOUBLE_CHARGE}"]`);
    await topTopic.waitFor();
    expect(await topTopic.innerText()).toMatch(/Charged twice/);
    // All four are new in this window, so the topic also leads the growing ones, marked "new".
    const growing = page.getByTestId('growing-topics').locator(`[data-key="${DOUBLE_CHARGE}"]`);
    await growing.waitFor();
    expect(await growing.getByTestId('topic-growth').innerText()).toBe('new');

    // The emotion mix and the escalation and churn shares are filled in.
    expect(await page.getByTestId('emotion-frustration').getAttribute('data-value')).not.toBe('');
    expect(Number(await value('kpi-escalation'))).toBeGreaterThanOrEqual(0);
    expect(Number(await value('kpi-churn'))).toBeGreaterThanOrEqual(0);
    expect(navigations).toBe(0);
  });

  it('opens the topic page from the overview, with its conversations', async () => {
    await page.getByTestId('top-topics').getByRole('link', { name: 'Charged twice' }).click();
    await page.waitForURL(`${stack.url}/topics/${DOUBLE_CHARGE}`);
    expect(await page.getByTestId('topic-title').innerText()).toBe('Charged twice');
    expect(await value('kpi-topic-conversations')).toBe('4');
    expect(Number(await value('kpi-topic-qa'))).toBeGreaterThan(0);

    const rows = page.getByTestId('topic-conversations').getByTestId('conversation-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(4);
    expect(await rows.first().innerText()).toContain('double-charge-');

    // The period selector reloads the page's data by day.
    await page.getByRole('link', { name: '7 days' }).click();
    await page.waitForURL(`${stack.url}/topics/${DOUBLE_CHARGE}?period=7d`);
    await waitFor('the 7-day view', async () =>
      (await page.locator('h1 + .subtitle').innerText()).includes('7 days'),
    );
    expect(await value('kpi-topic-conversations')).toBe('4');

    // A conversation opens from the list.
    await rows.first().getByRole('link').first().click();
    await page.waitForURL(/\/conversations\/[^/?]+$/);
    await page.getByTestId('message').first().waitFor();
  });

  it("shows an agent's QA score and conversations, linked from the conversation list", async () => {
    await page.goto(`${stack.url}/conversations`);
    await page.getByTestId('conversation-list').getByRole('link', { name: 'Ilze K.' }).first().click();
    await page.waitForURL(`${stack.url}/agents/a-17`);
    expect(await page.getByTestId('agent-title').innerText()).toBe('Ilze K.');
    expect(await value('kpi-agent-conversations')).toBe('4');
    expect(Number(await value('kpi-agent-qa'))).toBeGreaterThan(0);
    const rows = page.getByTestId('agent-conversations').getByTestId('conversation-row');
    expect(await rows.count()).toBe(4);
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
