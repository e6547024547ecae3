import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN, startStack, waitFor, type Stack } from '../support/stack';
import { TEST_PASSWORD, createUser } from '../support/users';

/**
 * An admin creates an ingest key in Settings → Ingest keys, sees it once, and revokes it; then
 * finds both on the audit log and filters it. A compliance officer's settings are the policies (and
 * the configuration versions and rescoring) and the audit log.
 *
 * With SCREENSHOT_DIR set, each view is also saved there as settings-<view>.png.
 */
describe('ingest keys and the audit log in a browser', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let key = '';

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix() });
    browser = await launchBrowser();
    page = await newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1360, height: 900 },
      acceptDownloads: true,
    });
    const p = await context.newPage();
    p.on('pageerror', (error) => pageErrors.push(error.message));
    return p;
  }

  async function signIn(p: Page, email: string, password: string) {
    await p.goto(`${stack.url}/login`);
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: /sign in/i }).click();
    await p.waitForURL(`${stack.url}/`);
  }

  async function screenshot(p: Page, view: string) {
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await p.screenshot({ path: `${dir}/settings-${view}.png`, fullPage: true });
  }

  const settingsTabs = (p: Page) => p.getByRole('navigation', { name: 'Settings' });
  const keyRow = (p: Page, name: string) => p.getByTestId('key-row').filter({ hasText: name });

  it('creates a key and shows it once, with a copy button', async () => {
    await signIn(page, TEST_ADMIN.email, TEST_ADMIN.password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await settingsTabs(page).getByRole('link', { name: 'Ingest keys' }).click();
    await page.waitForURL(`${stack.url}/settings/keys`);
    await keyRow(page, 'initial ingest key').waitFor();

    const form = page.getByTestId('new-key-form');
    // A name is required: the form says so before asking the server.
    await form.getByTestId('create-key').click();
    await form.getByText('Give the key a name').waitFor();

    await form.getByLabel('Name').fill('Helpdesk production');
    await form.getByLabel(/^Source/).fill('helpdesk');
    await form.getByTestId('create-key').click();

    const created = page.getByTestId('created-key');
    await created.getByText("you won't see it again").waitFor();
    key = await created.getByTestId('created-key-value').inputValue();
    expect(key).toMatch(/^vk_[A-Za-z0-9_-]{32}$/);
    await created.getByTestId('copy-key').click();
    await created.getByRole('button', { name: 'Copied', exact: true }).waitFor();
    // Test code is typed for Node: the page's navigator, as much of it as is read here.
    type PageNavigator = { navigator: { clipboard: { readText(): Promise<string> } } };
    expect(
      await page.evaluate(() => (globalThis as unknown as PageNavigator).navigator.clipboard.readText()),
    ).toBe(key);
    await screenshot(page, 'key-created');

    const row = keyRow(page, 'Helpdesk production');
    expect(await row.getAttribute('data-status')).toBe('active');
    expect(await row.innerText()).toContain(key.slice(0, 8));
    expect(await row.innerText()).toContain('helpdesk');
    expect(await row.getByTestId('key-last-used').innerText()).toBe('never');

    // Once dismissed, the key is nowhere on the page, nor after a reload.
    await created.getByTestId('created-key-done').click();
    await created.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(key);
    await page.reload();
    await keyRow(page, 'Helpdesk production').waitFor();
    expect(await page.content()).not.toContain(key);
  });

  it('shows when the key was last used, and refuses it once revoked', async () => {
    const ingest = ApiClient.ingest(stack.url, key);
    expect((await ingest.post('/api/v1/conversations', conversation({ source: 'helpdesk' }))).status).toBe(
      202,
    );
    await waitFor('the last use on the page', async () => {
      await page.reload();
      const lastUsed = await keyRow(page, 'Helpdesk production').getByTestId('key-last-used').innerText();
      return lastUsed !== 'never';
    });

    const row = keyRow(page, 'Helpdesk production');
    await row.getByRole('button', { name: 'Revoke…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Revoke Helpdesk production' });
    await confirm.getByText('refused from the next request on').waitFor();
    await screenshot(page, 'key-revoke');
    await confirm.getByTestId('confirm-revoke').click();
    await page
      .locator('[data-testid="key-row"][data-status="revoked"]')
      .filter({ hasText: 'Helpdesk' })
      .waitFor();
    expect(await keyRow(page, 'Helpdesk production').getByRole('button', { name: 'Revoke…' }).count()).toBe(
      0,
    );
    await screenshot(page, 'keys');

    expect((await ingest.post('/api/v1/conversations', conversation({ source: 'helpdesk' }))).status).toBe(
      401,
    );
  });

  it('finds both on the audit log, filters it by action and downloads what is shown as CSV', async () => {
    await settingsTabs(page).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`${stack.url}/settings/audit`);
    const rows = page.getByTestId('audit-row');
    await rows.first().waitFor();
    expect(await rows.nth(0).getAttribute('data-action')).toBe('key.revoked');
    expect(await rows.nth(1).getAttribute('data-action')).toBe('key.created');
    const createdText = await rows.nth(1).innerText();
    expect(createdText).toContain(TEST_ADMIN.email);
    expect(createdText).toContain('Ingest key created');
    expect(createdText).toContain('name: Helpdesk production');
    expect(createdText).not.toContain(key);
    await screenshot(page, 'audit');

    const filters = page.getByTestId('audit-filters');
    await filters.getByLabel('Action').selectOption('key.created');
    await filters.getByTestId('audit-apply').click();
    await page.waitForURL(/\/settings\/audit\?.*action=key\.created/);
    await waitFor('only key creations', async () => {
      const actions = await page.getByTestId('audit-row').evaluateAll((r) => r.map((e) => e.dataset.action));
      return actions.length === 1 && actions[0] === 'key.created';
    });
    expect(await filters.getByLabel('Action').inputValue()).toBe('key.created');

    // The area as a whole: creation and revocation.
    await filters.getByLabel('Action').selectOption('key.');
    await filters.getByTestId('audit-apply').click();
    await waitFor('both key actions', async () => (await page.getByTestId('audit-row').count()) === 2);

    // Someone else: nothing.
    await filters.getByLabel('Who').fill('nobody@');
    await filters.getByTestId('audit-apply').click();
    await page.getByText('Nothing on record matches these filters.').waitFor();
    await filters.getByLabel('Who').fill('ADMIN@');
    await filters.getByTestId('audit-apply').click();
    await waitFor('both key actions again', async () => (await page.getByTestId('audit-row').count()) === 2);
    await screenshot(page, 'audit-filtered');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('audit-csv').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^vigil-audit-.+\.csv$/);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\r\n');
    expect(lines[0]).toBe('"id","at","actor","action","target","ip","details"');
    expect(lines.slice(1).map((l) => l.split('","')[3])).toEqual(['key.revoked', 'key.created']);

    // The download is on record too.
    await filters.getByLabel('Action').selectOption('export.created');
    await filters.getByLabel('Who').fill('');
    await filters.getByTestId('audit-apply').click();
    await waitFor('the export on record', async () => (await page.getByTestId('audit-row').count()) === 1);
    expect(await page.getByTestId('audit-row').innerText()).toContain('"action":"key."');
  });

  it('pages through a long log with "Load more"', async () => {
    const admin = await ApiClient.admin(stack.url);
    // With Helpdesk production's, 102 key creations: a page of 100, then the last two.
    for (let i = 0; i < 101; i++) await admin.post('/api/v1/ingest-keys', { name: `bulk ${i}` });
    await page.goto(`${stack.url}/settings/audit?action=key.created`);
    const rows = page.getByTestId('audit-row');
    await waitFor('the first page', async () => (await rows.count()) === 100);
    await page.getByTestId('audit-load-more').click();
    await waitFor('the rest', async () => (await rows.count()) === 102);
    expect(await page.getByTestId('audit-load-more').count()).toBe(0);
    expect(await rows.last().innerText()).toContain('Helpdesk production');
  });

  it('shows a compliance officer the policies and the audit log in settings, and no keys', async () => {
    const { email } = await createUser(db.url, 'compliance');
    const officer = await newPage();
    await signIn(officer, email, TEST_PASSWORD);
    await officer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await officer.waitForURL(`${stack.url}/settings/policies`);
    expect(await settingsTabs(officer).getByRole('link').allInnerTexts()).toEqual([
      'Policies',
      'Versions',
      'Rescoring',
      'Audit log',
    ]);
    await settingsTabs(officer).getByRole('link', { name: 'Audit log' }).click();
    await officer.getByTestId('audit-row').first().waitFor();
    await officer.goto(`${stack.url}/settings/keys`);
    await officer.getByText("You don't have access to this part of settings").waitFor();
    await officer.context().close();
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
