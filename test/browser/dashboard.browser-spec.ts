import type { Browser, Page } from 'playwright-core';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN, startStack, waitFor, type Stack } from '../support/stack';

/**
 * A manager's first minutes with Vigil, in a real Chromium against the real stack: sign in, watch
 * the live overview count conversations as an integration posts them, open one of them.
 */
describe('the dashboard in a browser', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  const kpi = async (name: string) =>
    Number(await page.getByTestId(`kpi-${name}-value`).getAttribute('data-value'));

  it('signs in and lands on the live overview', async () => {
    await page.goto(stack.url);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.getByTestId('login-error').waitFor();

    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${stack.url}/`);
    await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();
    expect(await kpi('conversations')).toBe(0);
  });

  it('counts posted conversations on the overview without a reload', async () => {
    let navigations = 0;
    page.on('framenavigated', () => (navigations += 1));
    const ingest = ApiClient.ingest(stack.url);
    const res = await ingest.post('/api/v1/conversations/bulk', [
      conversation({ team: 'billing' }),
      conversation({ team: 'billing' }),
      conversation({ team: 'sales', channel: 'voice' }),
    ]);
    expect(res.status).toBe(202);

    await waitFor(
      'the overview to count 3 conversations',
      async () => (await kpi('conversations')) === 3,
      15_000,
    );
    expect(await kpi('negative')).toBeGreaterThan(0);
    await page.getByTestId('breakdown-team').getByText('billing').waitFor();
    expect(navigations).toBe(0);
  });

  it('shows a conversation as text, never as HTML, with its sentiment', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"> I am furious, nobody helps me!';
    const res = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations',
      conversation({
        messages: [
          { role: 'customer', text: hostile },
          { role: 'agent', text: 'Sorry to hear that.' },
        ],
      }),
    );
    const admin = await ApiClient.admin(stack.url);
    await waitFor(
      'scored',
      async () => (await admin.get(`/api/v1/conversations/${res.body.id}`)).body.status === 'scored',
    );

    await page.goto(`${stack.url}/conversations/${res.body.id}`);
    const first = page.getByTestId('message').first();
    await first.waitFor();
    expect(await first.innerText()).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await page.locator('[data-testid="message"] img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.getByTestId('sentiment-summary').waitFor();
    expect(await page.locator('mark').count()).toBeGreaterThan(0); // evidence highlighted
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
