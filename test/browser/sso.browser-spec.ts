import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc';
import { freePort, startStack, type Stack } from '../support/stack';

/**
 * Single sign-on in a real Chromium: the login page offers the provider's button, and a person goes
 * through the provider's own login and consent pages (oidc-provider, on localhost: another site than
 * Vigil's 127.0.0.1) and lands on the dashboard signed in.
 *
 * With SCREENSHOT_DIR set, the login page is also saved there as sso-login.png.
 */
describe('single sign-on in a browser', () => {
  let db: TestDatabase;
  let stack: Stack;
  let provider: TestOidcProvider;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    provider = await startOidcProvider(`http://127.0.0.1:${port}`);
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      port,
      env: provider.vigilEnv,
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await provider?.stop();
    await db?.drop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  /** At the provider's development pages: any password goes, then consent. */
  async function throughProvider(page: Page, login: string) {
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
  }

  it('signs in through the provider from the login page and lands on the dashboard', async () => {
    provider.setAccount('ada', {
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      vigil_role: 'compliance',
      vigil_teams: ['billing'],
    });
    const page = await newPage();
    await page.goto(`${stack.url}/login`);
    const sso = page.getByRole('link', { name: 'Sign in with Test IdP' });
    await sso.waitFor();
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await page.screenshot({ path: `${dir}/sso-login.png`, fullPage: true });
    await sso.click();

    await throughProvider(page, 'ada');
    await page.waitForURL(`${stack.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).waitFor();
    await page.getByText('Ada Lovelace').waitFor();
    const cookies = await page.context().cookies(stack.url);
    expect(cookies.find((c) => c.name === 'vigil_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    // The dashboard's requests carry the session: the conversation list loads.
    await page.goto(`${stack.url}/conversations`);
    await page.waitForURL(`${stack.url}/conversations`);
    await page.context().close();
  });

  it('comes back to the page that asked for a sign-in', async () => {
    const page = await newPage();
    await page.goto(`${stack.url}/conversations?team=billing`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await throughProvider(page, 'ada');
    await page.waitForURL(`${stack.url}/conversations?team=billing`);
    await page.context().close();
  });

  it('says on the login page why a deactivated user was refused', async () => {
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    await sql.query(`UPDATE app_user SET disabled_at = now() WHERE email = 'ada@example.com'`);
    await sql.end();

    const page = await newPage();
    await page.goto(`${stack.url}/login`);
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await throughProvider(page, 'ada');
    await page.waitForURL(`${stack.url}/login?error=sso_deactivated`);
    await page.getByTestId('login-error').getByText('Your Vigil account is deactivated').waitFor();
    await page.context().close();
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
