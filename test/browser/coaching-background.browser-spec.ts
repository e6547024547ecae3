import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import type { ConversationInput } from '@vigil/contracts';
import { launchBrowser, signInPage } from '../support/browser';
import { ApiClient, conversation, waitForScored } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { inspectPdf } from '../support/pdf';
import { startStack, type Stack } from '../support/stack';
import { createUser } from '../support/users';

const AGENT = 'a-large';

/**
 * A report larger than the background threshold: the trainer clicks Download PDF, sees the
 * workers' progress, and gets the file; then subscribes a colleague to the weekly e-mail.
 */
describe('the coaching page with a large report', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  function handled(): ConversationInput {
    return conversation({
      team: 'coaching',
      agents: [{ id: AGENT, name: 'Large Report', kind: 'human' }],
      messages: [
        { role: 'customer', text: 'I was charged twice and nobody answers! This is terrible.' },
        { role: 'agent', authorId: AGENT, text: 'Hello, thank you for contacting us! Let me check.' },
        { role: 'customer', text: 'Thank you, that is great.' },
      ],
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      workers: true,
      env: { VIGIL_REPORT_BACKGROUND_THRESHOLD: '2' },
    });
    const admin = await ApiClient.admin(stack.url);
    const posted = await ApiClient.ingest(stack.url).post('/api/v1/conversations/bulk', [
      handled(),
      handled(),
      handled(),
    ]);
    expect(posted.status).toBe(202);
    await waitForScored(
      admin,
      (posted.body.accepted as Array<{ id: string }>).map((a) => a.id),
    );

    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: { width: 1360, height: 1000 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const { email } = await createUser(db.url, 'trainer');
    await signInPage(page, stack.url, email);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  it('builds the PDF in the background with progress, then downloads it', async () => {
    await page.goto(`${stack.url}/coaching?subject=agent&agent=${AGENT}`);
    await page.getByTestId('coaching-subject').waitFor();
    const [pdf] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByTestId('download-pdf').click(),
    ]);
    const progress = page.getByTestId('pdf-progress');
    expect(await progress.getAttribute('data-status')).toBe('done');
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await progress.textContent()).toContain('3 conversations');
    expect(pdf.suggestedFilename()).toMatch(/^vigil-coaching-a-large-.*\.pdf$/);
    const { title } = await inspectPdf(await readFile((await pdf.path())!));
    expect(title).toBe('Coaching report: Large Report');
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await progress.screenshot({ path: `${dir}/coaching-pdf-progress.png` });
  });

  it('subscribes a colleague to the weekly report, names a wrong address, and removes it', async () => {
    const weekly = page.getByTestId('weekly-reports');
    await weekly.getByLabel('Recipients').fill('coach@example.com, not-an-address');
    await weekly.getByRole('button', { name: 'Subscribe' }).click();
    expect(await weekly.getByRole('alert').textContent()).toContain('recipients.1');

    await weekly.getByLabel('Recipients').fill('coach@example.com, lead@example.com');
    await weekly.getByRole('button', { name: 'Subscribe' }).click();
    const row = weekly.getByTestId('weekly-subscription');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/coach@example\.com, lead@example\.com.*not sent yet/s);
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await weekly.screenshot({ path: `${dir}/coaching-weekly-reports.png` });

    await row.getByRole('button', { name: 'Remove' }).click();
    await weekly.getByText('No one gets this report by e-mail yet.').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
