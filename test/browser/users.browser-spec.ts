import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ApiClient, conversation, waitForScored } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN, startStack, type Stack } from '../support/stack';

/**
 * An admin adds a trainer limited to one team from Settings → Users, with an invitation link; the
 * trainer opens the link in their own browser, sets a password and lands signed in, sees the
 * overview and their team's conversations, and neither Users settings nor the users API.
 *
 * With SCREENSHOT_DIR set, the views are also saved there as users-<view>.png.
 */
describe('users in a browser', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let admin: Page;
  let trainerContext: BrowserContext;
  let trainer: Page;
  let invitationUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    const ingest = ApiClient.ingest(stack.url);
    const posted = await ingest.post('/api/v1/conversations/bulk', [
      conversation({ team: 'billing' }),
      conversation({ team: 'billing' }),
      conversation({ team: 'sales' }),
    ]);
    const ids: string[] = posted.body.accepted.map((a: { id: string }) => a.id);
    const api = await ApiClient.admin(stack.url);
    await waitForScored(api, ids);
    browser = await launchBrowser();
    admin = await newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const p = await context.newPage();
    p.on('pageerror', (error) => pageErrors.push(error.message));
    return p;
  }

  async function screenshot(p: Page, view: string) {
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await p.screenshot({ path: `${dir}/users-${view}.png`, fullPage: true });
  }

  const mainNav = (p: Page) => p.getByRole('navigation', { name: 'Main' });
  const settingsTabs = (p: Page) => p.getByRole('navigation', { name: 'Settings' });

  it('takes an admin from the nav to Settings → Users', async () => {
    await admin.goto(`${stack.url}/login`);
    await admin.getByLabel('Email').fill(TEST_ADMIN.email);
    await admin.getByLabel('Password').fill(TEST_ADMIN.password);
    await admin.getByRole('button', { name: /sign in/i }).click();
    await admin.waitForURL(`${stack.url}/`);
    await mainNav(admin).getByRole('link', { name: 'Settings' }).click();
    await settingsTabs(admin).getByRole('link', { name: 'Users' }).click();
    await admin.waitForURL(`${stack.url}/settings/users`);
    const rows = admin.getByTestId('user-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(TEST_ADMIN.email);
  });

  it('adds a trainer limited to one team, with an invitation link shown once', async () => {
    await admin.getByTestId('add-user').click();
    const form = admin.getByTestId('user-form');
    // The form's own checks name what is missing.
    await form.getByTestId('create-user').click();
    await form.getByText('Enter their name.').waitFor();
    await form.getByLabel('Name').fill('Tina Trainer');
    await form.getByLabel('E-mail').fill('tina@example.com');
    await form.getByLabel('Role').selectOption({ label: 'Trainer' });
    const teams = form.getByLabel('Teams');
    await teams.fill('billing');
    await teams.press('Enter');
    expect(await form.getByTestId('team-chip').allInnerTexts()).toEqual([expect.stringContaining('billing')]);
    await screenshot(admin, 'new-user');
    await form.getByTestId('create-user').click();

    const link = admin.getByTestId('one-time-link');
    await link.waitFor();
    invitationUrl = await link.getByTestId('one-time-link-url').inputValue();
    expect(invitationUrl).toMatch(new RegExp(`^${stack.url}/invite/[A-Za-z0-9_-]+$`));
    const row = admin.locator('[data-testid="user-row"][data-email="tina@example.com"]');
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('Trainer');
    expect(text).toContain('billing');
    expect(text).toContain('Invited');
    expect(text).toContain('Never');
    await screenshot(admin, 'invited');
    await link.getByRole('button', { name: 'Done' }).click();
    await link.waitFor({ state: 'detached' });
  });

  it('a duplicate e-mail is refused on the field', async () => {
    await admin.getByTestId('add-user').click();
    const form = admin.getByTestId('user-form');
    await form.getByLabel('Name').fill('Tina again');
    await form.getByLabel('E-mail').fill('TINA@example.com');
    await form.getByTestId('create-user').click();
    await form.getByText('belongs to another user').waitFor();
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  it('lets the trainer open the link, set a password and land signed in on the overview', async () => {
    trainer = await newPage();
    trainerContext = trainer.context();
    await trainer.goto(invitationUrl);
    await trainer.getByRole('heading', { name: 'Welcome, Tina Trainer' }).waitFor();
    expect(await trainer.getByText('tina@example.com').count()).toBe(1);
    // Too short first: the page says so before asking the server.
    await trainer.getByLabel('New password', { exact: true }).fill('short');
    await trainer.getByRole('button', { name: 'Set password and sign in' }).click();
    await trainer.getByText('Too short: at least 12 characters.').waitFor();
    await trainer.getByLabel('New password', { exact: true }).fill('tina-chose-a-long-one');
    await trainer.getByLabel('New password again').fill('tina-chose-a-long-one');
    await screenshot(trainer, 'invitation');
    await trainer.getByRole('button', { name: 'Set password and sign in' }).click();
    await trainer.waitForURL(`${stack.url}/`);
    await trainer.getByRole('heading', { name: 'Live overview' }).waitFor();
    await trainer.getByText('your teams (billing)').waitFor();
    // Only billing's two conversations count.
    await trainer.getByTestId('kpi-conversations-value').and(trainer.locator('[data-value="2"]')).waitFor();
    await screenshot(trainer, 'trainer-overview');

    // The link is spent.
    const again = await newPage();
    await again.goto(invitationUrl);
    await again.getByTestId('invite-problem').getByText('used already').waitFor();
    await again.context().close();
  });

  it('shows the trainer their team’s conversations only', async () => {
    await mainNav(trainer).getByRole('link', { name: 'Conversations' }).click();
    await trainer.waitForURL(/\/conversations/);
    const rows = trainer.getByTestId('conversation-list').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    for (const text of await rows.allInnerTexts()) {
      expect(text).toContain('billing');
      expect(text).not.toContain('sales');
    }
  });

  it('gives the trainer no Users settings, and the API refuses them', async () => {
    await mainNav(trainer).getByRole('link', { name: 'Settings' }).click();
    await trainer.waitForURL(`${stack.url}/settings/scorecard`);
    await settingsTabs(trainer).getByRole('link', { name: 'QA scorecard' }).waitFor();
    expect(await settingsTabs(trainer).getByRole('link', { name: 'Users' }).count()).toBe(0);
    await trainer.goto(`${stack.url}/settings/users`);
    await trainer.getByText('Only admins manage users.').waitFor();

    expect((await trainerContext.request.get(`${stack.url}/api/v1/users`)).status()).toBe(403);
    const overview = await trainerContext.request.get(`${stack.url}/api/v1/metrics/overview?team=sales`);
    expect(overview.status()).toBe(403);
  });

  it('shows the trainer their account and sessions', async () => {
    await trainer.getByTestId('account-link').click();
    await trainer.waitForURL(`${stack.url}/account`);
    const sessions = trainer.getByTestId('session-row');
    await sessions.first().waitFor();
    expect(await sessions.count()).toBe(1);
    expect(await sessions.first().innerText()).toContain('this browser');
    expect(await sessions.first().innerText()).toContain('Chrome on Linux');
    await screenshot(trainer, 'account');
  });

  it('shows the admin that the trainer signed in, and deactivating them signs them out', async () => {
    await admin.reload();
    const row = admin.locator('[data-testid="user-row"][data-email="tina@example.com"]');
    await row.waitFor();
    expect(await row.innerText()).toContain('Active');
    expect(await row.innerText()).not.toContain('Never');

    await row.getByRole('button', { name: 'Deactivate Tina Trainer' }).click();
    await admin.getByTestId('user-confirm').getByRole('button', { name: 'Deactivate' }).click();
    await admin
      .locator('[data-testid="user-row"][data-email="tina@example.com"][data-active="false"]')
      .waitFor();
    await screenshot(admin, 'users');
    // The trainer's next request finds the session gone: back to sign-in.
    await trainer.goto(`${stack.url}/conversations`);
    await trainer.waitForURL(/\/login/);
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
