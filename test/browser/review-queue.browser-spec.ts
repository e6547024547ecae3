import type { Browser, Page } from 'playwright-core';
import type { FlagDetail, FlagPage } from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { launchBrowser, signInPage } from '../support/browser';
import { startStack, waitFor, type Stack } from '../support/stack';
import { addUser } from '../support/users';

const CARD_REQUEST = 'Sure. Please tell me your full card number and your PIN so I can check.';
const PROMISE = 'I guarantee you will get a full refund by Friday.';

/**
 * A compliance officer works the review queue in a real Chromium against the real stack: flags
 * raised by the real compliance analyzer from conversations that break the default policies, the
 * evidence highlighted in the transcript, triage with the keyboard (confirm one, dismiss one with a
 * reason), and the decisions found in each flag's history. A manager sees the same queue, read-only.
 */
describe('the review queue in a browser', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let admin: ApiClient;
  const pageErrors: string[] = [];
  const users: Record<'officer' | 'manager', string> = { officer: '', manager: '' };

  const signIn = async (email: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInPage(page, stack.url, email);
    return page;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    browser = await launchBrowser();
    admin = await ApiClient.admin(stack.url);
    users.officer = (await addUser(admin, 'compliance', { name: 'Olga Officer' })).email;
    users.manager = (await addUser(admin, 'manager', { name: 'Mara Manager' })).email;

    const ingest = ApiClient.ingest(stack.url);
    // The card request is critical and comes first in the queue; the promise is medium.
    for (const messages of [
      [
        { role: 'customer' as const, text: 'My card was blocked, please help.' },
        { role: 'agent' as const, authorId: 'a-17', text: CARD_REQUEST },
      ],
      [
        { role: 'customer' as const, text: 'I want my money back, this is the second time.' },
        { role: 'agent' as const, authorId: 'a-17', text: PROMISE },
      ],
    ]) {
      expect((await ingest.post('/api/v1/conversations', conversation({ messages }))).status).toBe(202);
    }
    await waitFor('two flags to be raised', async () => {
      const page = (await admin.get('/api/v1/flags')).body as FlagPage;
      return page.total === 2;
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  it('lets a compliance officer triage with the keyboard and find the decisions in the history', async () => {
    const page = await signIn(users.officer);
    await page.getByRole('link', { name: 'Review queue' }).click();
    await page.waitForURL(`${stack.url}/review`);
    const rows = page.getByTestId('flag-row');
    await waitFor('the two flags', async () => (await rows.count()) === 2);
    const keys = await page.getByTestId('triage-keys').innerText();
    for (const k of ['j', 'k', 'c', 'd', 'a', 'e']) expect(keys).toContain(k);

    // The first flag: the card request, with its words highlighted in the transcript.
    const detail = page.getByTestId('flag-detail');
    await detail.getByRole('heading', { name: /card number/ }).waitFor();
    const highlighted = detail.getByTestId('flag-transcript').locator('mark');
    await highlighted.first().waitFor();
    expect((await highlighted.allInnerTexts()).join(' ')).toMatch(/card number/);
    expect(await detail.getByTestId('flag-transcript').innerText()).toContain(CARD_REQUEST.slice(0, 20));

    // a: assign to me; c: confirm — and the queue moves on to the next flag.
    await page.keyboard.press('a');
    await waitFor(
      'the assignment',
      async () => (await detail.getByTestId('flag-assignee').innerText()) === 'Olga Officer',
    );
    await page.keyboard.press('c');
    await waitFor(
      'the confirmation',
      async () => (await rows.nth(0).getAttribute('data-status')) === 'confirmed',
    );
    await detail.getByRole('heading', { name: /guaranteed/i }).waitFor();

    // d: dismiss needs a reason, typed into the prompt it opens.
    await page.keyboard.press('d');
    const reason = page.getByLabel(/Why dismiss/);
    await reason.waitFor();
    await page.getByTestId('dismiss-form').getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByTestId('queue-message').innerText()).toMatch(/needs a reason/);
    await reason.fill('The agent quoted the refund policy, not a promise');
    await reason.press('Enter');
    await waitFor(
      'the dismissal',
      async () => (await rows.nth(1).getAttribute('data-status')) === 'dismissed',
    );

    // k: back to the confirmed flag; its history says who decided what.
    await page.keyboard.press('k');
    await detail.getByRole('heading', { name: /card number/ }).waitFor();
    const history = detail.getByTestId('flag-history');
    await waitFor('the confirmed flag’s history', async () =>
      (await history.innerText()).includes('Confirmed'),
    );
    const confirmedHistory = await history.innerText();
    expect(confirmedHistory).toMatch(/Raised/);
    expect(confirmedHistory).toMatch(/Assigned to themselves/);
    expect(confirmedHistory).toMatch(/Open → Confirmed/);
    expect(confirmedHistory).toContain(users.officer);

    await page.keyboard.press('j');
    await detail.getByRole('heading', { name: /guaranteed/i }).waitFor();
    await waitFor('the dismissed flag’s history', async () =>
      (await history.innerText()).includes(
        'Open → Dismissed: The agent quoted the refund policy, not a promise',
      ),
    );
    expect(await detail.getByTestId('flag-decision-reason').innerText()).toBe(
      'The agent quoted the refund policy, not a promise',
    );

    // The API agrees.
    const flags = ((await admin.get('/api/v1/flags?status=confirmed,dismissed')).body as FlagPage).items;
    expect(flags.map((f) => [f.ruleId, f.status]).sort()).toEqual([
      ['no-guaranteed-outcomes', 'dismissed'],
      ['no-sensitive-data-request', 'confirmed'],
    ]);
    const confirmed = (await admin.get(`/api/v1/flags/${flags.find((f) => f.status === 'confirmed')!.id}`))
      .body as FlagDetail;
    expect(confirmed.history.map((h) => h.kind)).toEqual(['raised', 'assigned', 'status']);

    // A new flag arrives live: announced, and listed when asked for.
    const raised = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations',
      conversation({
        messages: [
          { role: 'customer', text: 'I need to reset my online banking.' },
          { role: 'agent', authorId: 'a-17', text: 'Please read me the one-time code we sent you by SMS.' },
        ],
      }),
    );
    expect(raised.status).toBe(202);
    const banner = page.getByTestId('new-flags');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.innerText()).toMatch(/1 new flag raised/);
    await banner.getByRole('button', { name: 'Show' }).click();
    await waitFor('the new flag in the queue', async () => (await rows.count()) === 1);
    expect(await rows.nth(0).getAttribute('data-status')).toBe('open');

    // The overview counts the two decisions.
    await page.getByRole('link', { name: 'Compliance overview' }).click();
    await page.waitForURL(/\/review\/overview/);
    const table = page.getByTestId('rules-table');
    await table.waitFor();
    expect(
      await table
        .locator('tr[data-rule="no-sensitive-data-request"] [data-testid="rule-confirmed"]')
        .innerText(),
    ).toBe('1');
    expect(
      await table
        .locator('tr[data-rule="no-guaranteed-outcomes"] [data-testid="rule-dismissed"]')
        .innerText(),
    ).toBe('1');
    await page.close();
  });

  it('shows a manager the queue without action buttons', async () => {
    const page = await signIn(users.manager);
    await page.getByRole('link', { name: 'Review queue' }).click();
    await page.waitForURL(`${stack.url}/review`);
    // The queue of every status: the two flags decided above and the one raised since.
    await page.goto(`${stack.url}/review?status=`);
    const rows = page.getByTestId('flag-row');
    await waitFor('the flags', async () => (await rows.count()) === 3);
    const detail = page.getByTestId('flag-detail');
    await detail.getByTestId('flag-history').waitFor();
    expect(await detail.getByTestId('flag-actions').count()).toBe(0);
    expect(
      await page
        .getByRole('button', { name: /^(Confirm|Dismiss|Escalate|Assign to me|In review)\b/ })
        .count(),
    ).toBe(0);
    expect(await page.locator('input[type="checkbox"][aria-label^="Select"]').count()).toBe(0);
    expect(await page.getByTestId('triage-keys').innerText()).not.toContain('confirm');
    // The key that opens the dismissal prompt opens nothing for a manager; moving still works.
    await page.keyboard.press('d');
    expect(await page.getByTestId('dismiss-form').count()).toBe(0);
    expect(await detail.getByTestId('flag-status').innerText()).toBe('Confirmed');
    await page.keyboard.press('j');
    await waitFor(
      'the next flag',
      async () => (await detail.getByTestId('flag-status').innerText()) === 'Open',
    );
    await page.close();
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
