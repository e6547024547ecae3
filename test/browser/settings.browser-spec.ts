import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import type { EngineConfigVersion } from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN, startStack, waitFor, type Stack } from '../support/stack';
import { TEST_PASSWORD, createUser, signInAs } from '../support/users';

/**
 * An admin tunes the scoring engine in a real Chromium against the real stack: adds a topic, saves
 * it as a new version and rescores the last hour with it; a trainer may change the scorecard but
 * only read the topics; a manager has no settings at all.
 *
 * With SCREENSHOT_DIR set, each settings view is also saved there as settings-<view>.png.
 */
describe('settings in a browser', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    browser = await launchBrowser();
    page = await newPage();
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

  const configVersion = async (p: Page) =>
    Number(await p.getByTestId('config-version').getAttribute('data-version'));
  const settingsLink = (p: Page) =>
    p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' });

  it('takes an admin from the nav to the topic taxonomy', async () => {
    await signIn(page, TEST_ADMIN.email, TEST_ADMIN.password);
    await settingsLink(page).click();
    await page.waitForURL(`${stack.url}/settings/topics`);
    await page.getByTestId('topics-list').waitFor();
    expect(await configVersion(page)).toBe(1);
    expect(await page.getByTestId('topic-row').count()).toBeGreaterThan(5);
    await screenshot(page, 'topics');
  });

  it('adds a topic with an example and a keyword and saves it as a new version', async () => {
    await page.getByTestId('add-topic').click();
    const form = page.getByTestId('topic-form');
    await form.getByLabel('Label', { exact: true }).fill('Parcel lost in delivery');
    // The key follows the label until it is typed in.
    expect(await form.getByRole('textbox', { name: /^Key\b/ }).inputValue()).toBe('parcel_lost_in_delivery');

    // A topic with neither examples nor keywords cannot be recognised: the form says so.
    await form.getByRole('button', { name: 'Add to list' }).click();
    await form.getByText('Add at least one example or keyword').waitFor();
    await screenshot(page, 'topic-form');

    await form.getByLabel(/^Examples/).fill('my parcel never arrived');
    await form.getByLabel(/^Keywords/).fill('parcel lost, package missing');
    await form.getByRole('button', { name: 'Add to list' }).click();
    await form.waitFor({ state: 'detached' });

    const row = page.locator('[data-testid="topic-row"][data-key="parcel_lost_in_delivery"]');
    await row.getByText('New').waitFor();
    expect((await row.locator('td.num').allInnerTexts()).map((t) => t.trim())).toEqual(['1', '2']);
    expect(await page.getByTestId('topics-save-bar').getAttribute('data-dirty')).toBe('true');

    await page.getByPlaceholder('Note for this version (optional)').fill('parcels');
    await page.getByTestId('topics-save').click();
    await page.getByTestId('rescore-offer').getByText('Saved as version 2').waitFor();
    await waitFor('the version to go up', async () => (await configVersion(page)) === 2, 10_000);
    expect(await page.getByTestId('topics-save-bar').getAttribute('data-dirty')).toBe('false');
    await screenshot(page, 'topics-saved');

    const admin = await ApiClient.admin(stack.url);
    const current = (await admin.get('/api/v1/settings/engine-config')).body as EngineConfigVersion;
    expect(current).toMatchObject({ version: 2, createdBy: TEST_ADMIN.email, note: 'parcels' });
    expect(current.config.topics.taxonomy.topics).toContainEqual({
      key: 'parcel_lost_in_delivery',
      label: 'Parcel lost in delivery',
      examples: ['my parcel never arrived'],
      keywords: ['parcel lost', 'package missing'],
    });
  });

  it('rescores the last hour and follows the run until it is done', async () => {
    const posted = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations',
      conversation({
        messages: [{ role: 'customer', text: 'My parcel never arrived, the package is missing.' }],
      }),
    );
    const admin = await ApiClient.admin(stack.url);
    await waitFor(
      'scored',
      async () => (await admin.get(`/api/v1/conversations/${posted.body.id}`)).body.status === 'scored',
    );

    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Rescoring' }).click();
    await page.waitForURL(`${stack.url}/settings/rescoring`);
    await page.getByLabel('Last hour').check();
    await page.getByTestId('start-rescore').click();

    const progress = page.getByTestId('rescore-progress');
    await page.locator('[data-testid="rescore-progress"][data-status="done"]').waitFor({ timeout: 20_000 });
    expect(await progress.getByTestId('rescore-count').innerText()).toMatch(/1 of 1 conversations/);
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('1');
    await page.locator('[data-testid="rescore-run"][data-status="done"]').first().waitFor();
    await screenshot(page, 'rescoring');

    const detail = (await admin.get(`/api/v1/conversations/${posted.body.id}`)).body;
    // Scored again with the configuration in force: the new taxonomy.
    expect(detail.scores.topics.result.taxonomyVersion).toBe('2');
  });

  it('lists the versions and offers export and import to the admin', async () => {
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Versions' }).click();
    await page.waitForURL(`${stack.url}/settings/versions`);
    const rows = page.getByTestId('version-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.first().innerText()).toContain('parcels');
    await screenshot(page, 'versions');

    // Export downloads the configuration in force as one document ...
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-config').click(),
    ]);
    expect(download.suggestedFilename()).toBe('vigil-config-v2.json');
    const file = await download.path();
    const exported = JSON.parse(await readFile(file, 'utf8'));
    expect(exported.version).toBe(2);

    // ... which imports back only after a confirmation that says what it replaces.
    await page.getByTestId('import-file').setInputFiles(file);
    const confirmation = page.getByTestId('import-confirm');
    await confirmation
      .getByText('Replace the topic taxonomy, the QA scorecard and the compliance policies?')
      .waitFor();
    expect(await confirmation.innerText()).toContain('17 topics and 8 QA criteria');
    await screenshot(page, 'import');
    await confirmation.getByRole('button', { name: 'Cancel' }).click();
    await confirmation.waitFor({ state: 'detached' });
    expect(await configVersion(page)).toBe(2);
  });

  it('lets a trainer change the scorecard but only read the topics', async () => {
    const { email } = await createUser(db.url, 'trainer');
    const trainer = await newPage();
    await signIn(trainer, email, TEST_PASSWORD);
    await settingsLink(trainer).click();
    await trainer.waitForURL(`${stack.url}/settings/scorecard`);

    const row = trainer.locator('[data-testid="criterion-row"][data-key="closing"]');
    await row.getByLabel('Weight of Closes politely').fill('0');
    await row.getByText('Off').waitFor();
    // Response times have a limit per channel: e-mail gets half a day, SMS is not checked.
    const frt = trainer.locator('[data-testid="criterion-row"][data-key="first_response_time"]');
    await frt.getByText('Per channel').click();
    await frt.getByLabel('Reply within on Email (seconds)').fill('43200');
    await frt.getByLabel('Check reply within on SMS').uncheck();
    await screenshot(trainer, 'scorecard');
    await trainer.getByTestId('scorecard-save').click();
    await waitFor('the version to go up', async () => (await configVersion(trainer)) === 3, 10_000);

    await trainer
      .getByRole('navigation', { name: 'Settings' })
      .getByRole('link', { name: /Topics/ })
      .click();
    await trainer.waitForURL(`${stack.url}/settings/topics`);
    await trainer.getByTestId('topics-readonly').waitFor();
    expect(await trainer.getByTestId('add-topic').count()).toBe(0);
    expect(await trainer.getByTestId('topics-save-bar').count()).toBe(0);
    expect(await trainer.getByRole('button', { name: /^Remove/ }).count()).toBe(0);

    // The API holds the same line.
    const api = await signInAs(stack.url, db.url, 'trainer');
    const current = (await api.get('/api/v1/settings/engine-config')).body as EngineConfigVersion;
    expect(current.config.scorecard.criteria.find((c) => c.key === 'closing')?.weight).toBe(0);
    expect(
      current.config.scorecard.criteria.find((c) => c.key === 'first_response_time')?.params?.limitsByChannel,
    ).toEqual({ chat: 60, messaging: 60, voice: null, sms: null, social: 3600, email: 43200 });
    const refused = await api.put('/api/v1/settings/engine-config/topics', { topics: current.config.topics });
    expect(refused.status).toBe(403);
    await trainer.context().close();
  });

  it('shows a manager Settings with only its Alerts tab, where /settings leads', async () => {
    const { email } = await createUser(db.url, 'manager');
    const manager = await newPage();
    await signIn(manager, email, TEST_PASSWORD);
    await manager.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).waitFor();
    expect(await settingsLink(manager).count()).toBe(1);
    await manager.goto(`${stack.url}/settings`);
    await manager.waitForURL(`${stack.url}/settings/alerts`);
    const tabs = manager.getByRole('navigation', { name: 'Settings' }).getByRole('link');
    expect(await tabs.allTextContents()).toEqual(['Alerts']);
    await manager.goto(`${stack.url}/settings/users`);
    await manager.getByText("You don't have access to this part of settings").waitFor();
    await screenshot(manager, 'manager-alerts-only');
    await manager.context().close();
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
