import type { Browser, Page } from 'playwright-core';
import type { ConversationInput, QaCriteriaSnapshot } from '@vigil/contracts';
import { launchBrowser, signInPage } from '../support/browser';
import { ApiClient, conversation, waitForScored } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, type Stack } from '../support/stack';
import { createUser } from '../support/users';

const AGENT = 'a-coach';

/** A trainer opens an agent's page and reads how often each QA criterion was met, and when. */
describe("an agent's QA criteria over time", () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  const pageErrors: string[] = [];

  /** The agent greets in some conversations and not in others. */
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
            : "I'm sorry about that, let me check.",
        },
        { role: 'customer', text: 'Still waiting, this is really frustrating.' },
      ],
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    admin = await ApiClient.admin(stack.url);
    const posted = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations/bulk',
      [true, true, true, false].map(handled),
    );
    expect(posted.status).toBe(202);
    await waitForScored(
      admin,
      (posted.body.accepted as Array<{ id: string }>).map((a) => a.id),
    );

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const { email } = await createUser(db.url, 'trainer');
    await signInPage(page, stack.url, email);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  const row = (key: string) => page.getByTestId('qa-criteria').locator(`[data-key="${key}"]`);

  it('shows one row per criterion with its label, met rate and count, as the API counts them', async () => {
    await page.goto(`${stack.url}/agents/${AGENT}`);
    const table = page.getByRole('table', { name: /how often coach me met each qa criterion/i });
    await table.waitFor();
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await page.screenshot({ path: `${dir}/agent-qa-criteria.png`, fullPage: true });

    const api = (await admin.get(`/api/v1/metrics/qa-criteria?agent=${AGENT}&granularity=hour`))
      .body as QaCriteriaSnapshot;
    const rows = page.getByTestId('qa-criterion-row');
    expect(await rows.count()).toBe(api.criteria.length);
    for (const criterion of api.criteria) {
      const r = row(criterion.key);
      expect(await r.getByRole('rowheader').innerText()).toContain(criterion.label);
      expect(await r.getByTestId('qa-criterion-n').getAttribute('data-value')).toBe(
        String(criterion.met + criterion.notMet),
      );
      expect(await r.getByTestId('qa-criterion-rate').getAttribute('data-value')).toBe(
        criterion.rate === null ? '' : String(criterion.rate),
      );
    }

    // Greeting: met in 3 of 4 conversations, all in the current hour.
    const greeting = row('greeting');
    expect(await greeting.getByRole('rowheader').innerText()).toContain('Greets the customer');
    expect(await greeting.getByTestId('qa-criterion-rate').innerText()).toBe('75%');
    expect(await greeting.getByTestId('qa-criterion-n').innerText()).toBe('4');
    // 24 hourly cells: one holds the figures, the others are visibly empty.
    const cells = greeting.locator('td.cell');
    expect(await cells.count()).toBe(24);
    const filled = greeting.locator('td.cell:has(a.heat)');
    expect(await filled.count()).toBe(1);
    expect(await filled.getAttribute('title')).toMatch(/met in 3 of 4 conversations \(75%\)/);
    expect(await filled.innerText()).toMatch(/met in 3 of 4 conversations/); // read out, not only coloured
    expect(await greeting.locator('td.cell .heat.blank').count()).toBe(23);
    expect(await cells.first().getAttribute('title')).toMatch(/no conversation where it applied/);
  });

  it("opens the agent's conversations of the period where a criterion was not met", async () => {
    await row('greeting').getByRole('link', { name: 'Greets the customer' }).click();
    await page.waitForURL((url) => url.pathname === '/conversations');
    const url = new URL(page.url());
    expect(url.searchParams.get('agent')).toBe(AGENT);
    expect(url.searchParams.get('from')).not.toBeNull();
    expect(url.searchParams.get('criterion')).toBe('greeting');
    expect(url.searchParams.get('outcome')).toBe('not_met');
    await page.getByTestId('criterion-filter').getByText('greeting').waitFor();
    expect(await page.getByTestId('criterion-filter').innerText()).toMatch(/not met/);
    const list = page.getByTestId('conversation-list');
    const rows = list.locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1); // the one conversation without a greeting
    // The list shows agents by name and the time it sorts by.
    expect(await rows.first().getByRole('link', { name: 'Coach Me' }).count()).toBe(1);
    expect((await list.locator('thead th').allTextContents()).map((t) => t.trim())).toContain('Ended');

    await page.getByRole('link', { name: 'Remove the QA criterion filter' }).click();
    await page.waitForURL((u) => u.pathname === '/conversations' && !u.searchParams.has('criterion'));
    await rows.nth(3).waitFor();
    expect(await rows.count()).toBe(4);
  });

  it('names an AI agent once as AI, also when the integration already did', async () => {
    const posted = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations',
      conversation({ agents: [{ id: 'ai-iris', name: 'Iris (AI)', kind: 'ai' }] }),
    );
    await page.goto(`${stack.url}/conversations/${posted.body.id}`);
    await page.getByText('Iris (AI)').first().waitFor();
    expect(await page.locator('main').innerText()).not.toContain('(AI) (AI)');
  });

  it('shows the same figures by day over 7 days', async () => {
    await page.goto(`${stack.url}/agents/${AGENT}?period=7d`);
    const greeting = row('greeting');
    await greeting.waitFor();
    expect(await greeting.getByTestId('qa-criterion-rate').innerText()).toBe('75%');
    expect(await greeting.locator('td.cell').count()).toBe(7);
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
