import type { Browser, Page } from 'playwright-core';
import type { CampaignPage } from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { launchBrowser, signInPage } from '../support/browser';
import { startStack, waitFor, type Stack } from '../support/stack';
import { addUser } from '../support/users';

const CALLERS = ['Peter Smith', 'Janis Ozols', 'Maria Garcia', 'Tom Baker'];

/** One scam script read by four customers; the third says a little script tag in their name. */
const scamCall = (i: number) =>
  conversation({
    channel: 'voice',
    customer: { id: `victim-${i}`, accountId: `acct-victim-${i}` },
    metadata: { contact: { deviceId: 'dev-scam-7' } },
    messages: [
      {
        role: 'customer',
        text: `Hello, this is ${CALLERS[i]} from the fraud department of your bank. We blocked a suspicious payment of $${(i + 2) * 311} on your account <b>today</b>.`,
      },
      { role: 'agent', authorId: 'a-17', text: 'I cannot help with that.' },
      {
        role: 'customer',
        text: 'To protect your savings you must move them to a safe account now, and do not tell anyone at the branch about this call.',
      },
    ],
  });

/**
 * A compliance officer opens the campaigns from the navigation, a campaign's page with its shared
 * phrases and members, and a member's conversation — against the real stack, in a real Chromium.
 */
describe('fraud campaigns in a browser', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let officer: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    browser = await launchBrowser();
    const admin = await ApiClient.admin(stack.url);
    officer = (await addUser(admin, 'compliance', { name: 'Olga Officer' })).email;
    const ingest = ApiClient.ingest(stack.url);
    for (const i of [0, 1, 2, 3])
      expect((await ingest.post('/api/v1/conversations', scamCall(i))).status).toBe(202);
    await waitFor(
      'the campaign',
      async () => ((await admin.get('/api/v1/fraud/campaigns')).body as CampaignPage).items[0]?.size === 4,
      60_000,
      250,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  it('opens a campaign and one of its members', async () => {
    const page: Page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInPage(page, stack.url, officer);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.waitForURL(`${stack.url}/fraud/campaigns`);
    const row = page.getByRole('row').nth(1);
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('4');
    await row.getByRole('link').click();
    await page.waitForURL(/\/fraud\/campaigns\/[0-9a-f-]{36}$/);

    expect(await page.getByTestId('campaign-size').textContent()).toBe('4');
    const phrases = await page.locator('.phrases li').allTextContents();
    expect(phrases.join(' | ')).toMatch(/safe account|fraud department/);
    const members = page.getByRole('row');
    expect(await members.count()).toBe(5); // header + 4
    // Signals are found when each call is scored (with the accounts seen by then): the last batch
    // scored saw the device behind all four accounts.
    expect(await page.getByText(/device dev-scam-7 used by 4 accounts/).count()).toBeGreaterThanOrEqual(1);
    // Conversation text is shown as text: no element came from the customer's "<b>".
    expect(await page.locator('b', { hasText: 'today' }).count()).toBe(0);

    await members.nth(1).getByRole('link').click();
    await page.waitForURL(/\/conversations\/[0-9a-f-]{36}$/);
    await page
      .getByText(/safe account/)
      .first()
      .waitFor();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
