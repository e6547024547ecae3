import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN, startStack, waitFor, type Stack } from '../support/stack';
import { TEST_PASSWORD, createUser } from '../support/users';

const DAY = 86_400_000;

/**
 * An admin shortens the text period in Settings → Retention, runs retention by hand and sees the
 * run finish with what it expired; the conversation's text is then gone from the database. A
 * compliance officer gets no Retention tab.
 */
describe('Settings → Retention in a browser', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let oldId = '';

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      workers: true,
      env: { VIGIL_RETENTION_SCHEDULE: 'off', VIGIL_DISCOVERY_SCHEDULE: 'off' },
    });
    // A conversation that ended 300 days ago: inside the default year of text, outside 200 days.
    const endedAt = new Date(Date.now() - 300 * DAY).toISOString();
    const res = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations',
      conversation({ startedAt: endedAt, endedAt, customer: { id: 'cust-old-1' } }),
    );
    expect(res.status).toBe(202);
    oldId = res.body.id;
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  async function signIn(p: Page, email: string, password: string) {
    await p.goto(`${stack.url}/login`);
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: /sign in/i }).click();
    await p.waitForURL(`${stack.url}/`);
  }

  const textOf = async (id: string) => {
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      const { rows } = await pg.query(`SELECT content, text_expired_at FROM conversation WHERE id = $1`, [
        id,
      ]);
      return rows[0] as { content: { messages: Array<{ text: string }> }; text_expired_at: Date | null };
    } finally {
      await pg.end();
    }
  };

  it('an admin changes a period, runs retention and sees the last run', async () => {
    await signIn(page, TEST_ADMIN.email, TEST_ADMIN.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Retention' }).click();
    await page.waitForURL(`${stack.url}/settings/retention`);

    // The shipped periods, each with what expiring means.
    const text = page.getByTestId('retention-text');
    expect(await page.getByTestId('retention-text-days').inputValue()).toBe('365');
    expect(await page.getByTestId('retention-audit-days').inputValue()).toBe('2555');
    await text.getByText('Message texts and the customer’s details are emptied').waitFor();
    await page.getByTestId('retention-no-run').waitFor();

    // A period the API would refuse is explained before it is sent.
    await page.getByTestId('retention-audit-days').fill('30');
    await page.getByTestId('save-retention').click();
    await page.getByTestId('retention-audit').getByText('Whole days from 365').waitFor();
    await page.getByTestId('retention-audit-days').fill('2555');

    await page.getByTestId('retention-text-days').fill('200');
    await page.getByTestId('retention-flags-forever').check();
    await page.getByTestId('save-retention').click();
    await page.getByTestId('retention-saved').waitFor();
    await page.getByText(`by ${TEST_ADMIN.email}`).first().waitFor();

    // The period holds after a reload.
    await page.reload();
    expect(await page.getByTestId('retention-text-days').inputValue()).toBe('200');
    expect(await page.getByTestId('retention-flags-forever').isChecked()).toBe(true);
    expect(await page.getByTestId('retention-flags-days').isDisabled()).toBe(true);

    await page.getByTestId('run-retention').click();
    const lastRun = page.getByTestId('retention-last-run');
    await lastRun.waitFor({ timeout: 30_000 });
    expect(await lastRun.textContent()).toContain(TEST_ADMIN.email);
    expect(await page.getByTestId('retention-removed-text').textContent()).toBe('1');
    expect(await page.getByTestId('retention-removed-audit').textContent()).toBe('0');

    const stored = await waitFor('the text to expire', async () => {
      const row = await textOf(oldId);
      return row.text_expired_at && row;
    });
    expect(stored.content.messages.every((m) => m.text === '')).toBe(true);

    // The conversation's page says why its text is gone.
    await page.goto(`${stack.url}/conversations/${oldId}`);
    const notice = page.getByTestId('retention-expired');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('expired under the retention policy');
    expect(pageErrors).toEqual([]);
  });

  it('is not offered to a compliance officer', async () => {
    const { email } = await createUser(db.url, 'compliance');
    const context = await browser.newContext();
    const p = await context.newPage();
    await signIn(p, email, TEST_PASSWORD);
    await p.goto(`${stack.url}/settings/audit`);
    const tabs = p.getByRole('navigation', { name: 'Settings' });
    await tabs.getByRole('link', { name: 'Audit log' }).waitFor();
    expect(await tabs.getByRole('link', { name: 'Retention' }).count()).toBe(0);
    await context.close();
  });
});
