import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import type { ConversationInput } from '@vigil/contracts';
import { launchBrowser, signInPage } from '../support/browser';
import { ApiClient, conversation, waitForScored } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, type Stack } from '../support/stack';
import { createUser } from '../support/users';

const AGENT = 'a-coach';

/** A trainer, as a new user would: picks an agent and a period, reads the report, downloads PDF and CSV. */
describe('the coaching page', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  function handled(greets: boolean): ConversationInput {
    return conversation({
      team: 'coaching',
      agents: [{ id: AGENT, name: 'Coach Me', kind: 'human' }],
      messages: [
        { role: 'customer', text: 'I was charged twice and nobody answers! This is terrible.' },
        {
          role: 'agent',
          authorId: AGENT,
          text: greets
            ? 'Hello, thank you for contacting us! I am sorry about that, let me check.'
            : 'Let me check.',
        },
        { role: 'customer', text: 'Thank you, that is great.' },
      ],
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    const admin = await ApiClient.admin(stack.url);
    const posted = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations/bulk',
      [true, true, false].map(handled),
    );
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

  it('builds a report for an agent over the last 30 days from the Coaching tab', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Coaching' }).click();
    await page.waitForURL(`${stack.url}/coaching`);
    await page.getByLabel('Agent id').fill(AGENT);
    await page.getByRole('button', { name: 'Last 30 days' }).click();
    await page.getByRole('button', { name: 'Build report' }).click();
    await page.getByTestId('coaching-subject').waitFor();
    expect(await page.getByTestId('coaching-subject').textContent()).toBe('Coach Me');
    expect(await page.getByTestId('coaching-conversations-value').textContent()).toContain('3');
    // Greeting met in two of three conversations.
    const greeting = page.locator('table.criteria tr[data-key="greeting"]');
    expect((await greeting.textContent())!.replace(/\s+/g, ' ')).toMatch(/Greets the customer 66\.7\s?%/);
    // The examples show the conversation text, with the QA evidence as highlights (text, not HTML).
    expect(await page.getByTestId('coaching-best').locator('mark').count()).toBeGreaterThan(0);
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await page.screenshot({ path: `${dir}/coaching-page.png`, fullPage: true });
  });

  it('keeps a goal for the agent, shown with its author', async () => {
    const notes = page.getByTestId('coaching-notes');
    await notes.getByLabel('Text').fill('Greet every customer in the first message.');
    await notes.getByRole('button', { name: 'Add' }).click();
    await notes.getByText('Greet every customer in the first message.').waitFor();
    expect(await notes.textContent()).toMatch(/Goal · trainer-/);
  });

  it('downloads the report as PDF and as CSV', async () => {
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-pdf').click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/^vigil-coaching-a-coach-.*\.pdf$/);
    const pdfBytes = await readFile((await pdf.path())!);
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-csv').click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const lines = (await readFile((await csv.path())!, 'utf8')).trim().split('\r\n');
    expect(lines).toHaveLength(4); // the header and three conversations
    expect(pageErrors).toEqual([]);
  });
});
