import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signInPage } from '../support/browser';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, type Stack } from '../support/stack';
import { createUser } from '../support/users';

/**
 * A manager (who sees Settings only for its Alerts tab) creates a webhook rule in Settings → Alerts,
 * sees its signing secret once, sends a test, and sees the delivery in the log as sent — received by
 * a real HTTP server.
 */
describe('Settings → Alerts in a browser', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let receiver: Server;
  let receiverUrl = '';
  const received: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    await db?.drop();
  });

  it('a manager creates a rule, tests it and sees the delivery sent', async () => {
    const { email } = await createUser(db.url, 'manager');
    await signInPage(page, stack.url, email);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${stack.url}/settings/alerts`);
    const tabs = page.getByRole('navigation', { name: 'Settings' }).getByRole('link');
    expect(await tabs.allTextContents()).toEqual(['Alerts']);

    await page.getByLabel('Name').fill('Critical flags to the on-call hook');
    await page.getByLabel('Minimum severity').selectOption('critical');
    await page.getByLabel('Webhook URL', { exact: true }).fill(receiverUrl);
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByTestId('webhook-secret').waitFor();
    expect(await page.getByTestId('webhook-secret').textContent()).toMatch(/whsec_[0-9a-f]{48}/);

    const row = page.locator(
      '[data-testid="alert-rules"] tr[data-rule="Critical flags to the on-call hook"]',
    );
    await row.getByRole('button', { name: 'Send test' }).click();
    await page.getByTestId('alert-notice').getByText('Test sent to 1 channel(s)').waitFor();
    // The page looks again every three seconds while the workers deliver.
    await page
      .locator('[data-testid="alert-deliveries"] tr[data-status="sent"]')
      .waitFor({ timeout: 20_000 });
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!)).toMatchObject({
      event: 'test',
      rule: { name: 'Critical flags to the on-call hook' },
    });
    expect(pageErrors).toEqual([]);
  });
});
