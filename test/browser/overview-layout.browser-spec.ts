import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { ApiClient, conversation, waitForScored } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { TEST_ADMIN, startStack, type Stack } from '../support/stack';

/**
 * The live overview as a manager uses it beyond the default view: filtered to one team, over 4 h,
 * and on a phone. With SCREENSHOT_DIR set, each view is saved there as overview-<view>.png.
 */
describe('the overview filtered, over 4 h and on a phone', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    const posted = await ApiClient.ingest(stack.url).post('/api/v1/conversations/bulk', [
      conversation({ team: 'billing', channel: 'chat' }),
      conversation({ team: 'billing', channel: 'email' }),
      conversation({ team: 'sales', channel: 'voice' }),
    ]);
    expect(posted.status).toBe(202);
    const admin = await ApiClient.admin(stack.url);
    await waitForScored(
      admin,
      (posted.body.accepted as Array<{ id: string }>).map((a) => a.id),
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  async function signedIn(width: number, height = 900): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${stack.url}/login`);
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${stack.url}/`);
    return page;
  }

  async function screenshot(page: Page, view: string) {
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await page.screenshot({ path: `${dir}/overview-${view}.png`, fullPage: true });
  }

  it('says the channel breakdown is not kept per team, rather than that there are no conversations', async () => {
    const page = await signedIn(1360);
    await page.goto(`${stack.url}/?team=billing`);
    await page.getByTestId('kpi-conversations-value').and(page.locator('[data-value="2"]')).waitFor();
    const channels = page.getByRole('region', { name: 'By channel' });
    await channels.getByTestId('breakdown-unavailable').waitFor();
    expect(await channels.innerText()).not.toMatch(/no conversations/i);
    expect(await channels.innerText()).toMatch(/billing/);
    // The team's own row is still there.
    await page.getByTestId('breakdown-team').getByText('billing').waitFor();
    await screenshot(page, 'team-filter');
    await page.close();
  });

  for (const path of ['/', '/?team=billing', '/conversations']) {
    it(`fits a 390 px wide phone without scrolling sideways: ${path}`, async () => {
      const page = await signedIn(390, 844);
      await page.goto(`${stack.url}${path}`);
      await page.locator('main').waitFor();
      await page.getByTestId('live-status').filter({ hasText: 'Live' }).waitFor();
      await screenshot(page, `phone-${path.replace(/\W+/g, '-')}`);
      // Run in the page (as source: the tests are type-checked without the DOM's types).
      const { scrollWidth, innerWidth, overflowing } = await page.evaluate<{
        scrollWidth: number;
        innerWidth: number;
        overflowing: string[];
      }>(`({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        // What sticks out of the screen, to say what to fix. A wide table may scroll inside its own
        // box (overflow-x: auto); anything else past the edge is cut off or pushes the page sideways.
        overflowing: [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
          .filter((el) => {
            for (let a = el.parentElement; a; a = a.parentElement)
              if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return false;
            return true;
          })
          .slice(0, 5)
          .map((el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.')),
      })`);
      expect({ scrollWidth, overflowing }).toEqual({ scrollWidth: innerWidth, overflowing: [] });
      await page.close();
    });
  }

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
