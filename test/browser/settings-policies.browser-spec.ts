import type { Browser, Page } from 'playwright-core';
import type { EngineConfigVersion } from '@vigil/contracts';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { launchBrowser, signInPage } from '../support/browser';
import { startStack, waitFor, type Stack } from '../support/stack';
import { createUser, signIn as signInApi } from '../support/users';

/**
 * A compliance officer edits a policy in Settings → Policies in a real Chromium: adds a phrase and
 * raises the severity of "No guaranteed outcomes", saves it with a note and sees the new version;
 * a trainer has no Policies tab and is refused the page.
 */
describe('Settings → Policies in a browser', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix() });
    browser = await launchBrowser();
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

  async function signIn(p: Page, email: string) {
    await signInPage(p, stack.url, email);
  }

  const settingsTabs = (p: Page) => p.getByRole('navigation', { name: 'Settings' });
  const configVersion = async (p: Page) =>
    Number(await p.getByTestId('config-version').getAttribute('data-version'));

  it('lets a compliance officer edit a rule, save it as a new version and see it', async () => {
    const { email } = await createUser(db.url, 'compliance');
    const page = await newPage();
    await signIn(page, email);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${stack.url}/settings/policies`);
    expect(await settingsTabs(page).getByRole('link').allInnerTexts()).toEqual([
      'Policies',
      'Versions',
      'Rescoring',
      'Audit log',
    ]);
    expect(await configVersion(page)).toBe(1);
    const rules = page.getByTestId('policy-rule');
    await rules.first().waitFor();
    expect(await rules.count()).toBe(5);

    const rule = page.locator('[data-testid="policy-rule"][data-key="no-guaranteed-outcomes"]');
    await rule.locator('summary').click();
    const phrases = rule.locator('textarea[name="phrases"]');
    await phrases.waitFor();
    expect(await phrases.inputValue()).toContain('i guarantee');
    await phrases.fill(`${await phrases.inputValue()}\nyou will surely get`);
    await rule.locator('select[name="severity"]').selectOption('high');
    // An empty phrase list is caught before asking the server.
    const before = await phrases.inputValue();
    await phrases.fill('');
    await rule.getByText('Add at least one phrase.').waitFor();
    await phrases.fill(before);

    const bar = page.getByTestId('policies-save-bar');
    expect(await bar.getAttribute('data-dirty')).toBe('true');
    expect(await bar.innerText()).toContain('1 edited');
    await bar.locator('input[name="note"]').fill('surely is a promise too');
    await page.getByTestId('policies-save').click();

    await page.getByTestId('rescore-offer').getByText('Saved as version 2').waitFor();
    await waitFor('the new version in the header', async () => (await configVersion(page)) === 2);
    const saved = page.locator('[data-testid="policy-rule"][data-key="no-guaranteed-outcomes"]');
    expect(await saved.locator('summary').innerText()).toContain('High');
    await saved.locator('summary').click();
    expect(await saved.locator('textarea[name="phrases"]').inputValue()).toContain('you will surely get');
    expect(await page.getByTestId('policies-save-bar').getAttribute('data-dirty')).toBe('false');

    // The API agrees, and the version's note is the officer's.
    const api = await signInApi(stack.url, email);
    const current = (await api.get('/api/v1/settings/engine-config')).body as EngineConfigVersion;
    expect(current).toMatchObject({ version: 2, note: 'surely is a promise too', createdBy: email });
    expect(current.config.policies.rules.find((r) => r.key === 'no-guaranteed-outcomes')).toMatchObject({
      severity: 'high',
      phrases: expect.arrayContaining(['you will surely get']),
    });

    // Versions lists it; the officer may not restore (that replaces topics and scorecard too).
    await settingsTabs(page).getByRole('link', { name: 'Versions' }).click();
    await page.waitForURL(`${stack.url}/settings/versions`);
    await page.getByTestId('version-row').first().waitFor();
    expect(await page.getByTestId('version-row').first().innerText()).toContain('surely is a promise too');
    expect(await page.getByRole('button', { name: /^Restore/ }).count()).toBe(0);
    await page.context().close();
  });

  it('gives a trainer no Policies tab and refuses the page', async () => {
    const { email } = await createUser(db.url, 'trainer');
    const page = await newPage();
    await signIn(page, email);
    await page.goto(`${stack.url}/settings/scorecard`);
    await page.getByTestId('scorecard-criteria').waitFor();
    expect(await settingsTabs(page).getByRole('link').allInnerTexts()).not.toContain('Policies');
    await page.goto(`${stack.url}/settings/policies`);
    await page.getByText("You don't have access to this part of settings").waitFor();
    expect(await page.getByTestId('policy-rule').count()).toBe(0);
    await page.context().close();
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
