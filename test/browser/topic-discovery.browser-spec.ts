import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { launchBrowser } from '../support/browser';
import { CRYPTO_WALLET_REQUESTS } from '../support/requests';
import { TEST_ADMIN, startStack, waitFor, type Stack } from '../support/stack';
import { TEST_PASSWORD, createUser } from '../support/users';

/** Requests the shipped taxonomy has no topic for; some carry markup that must stay text. */
const CRYPTO_REQUESTS = CRYPTO_WALLET_REQUESTS.map((text, i) =>
  i === 0 ? `${text} <img src=x onerror="window.__xss=1">` : i === 1 ? `${text} <b>again</b>` : text,
);

/**
 * An admin finds a topic the taxonomy lacks and adopts it in a real Chromium against the real
 * stack, then looks at an old configuration version and restores it.
 *
 * With SCREENSHOT_DIR set, the discovery view is also saved there as settings-discovery.png.
 */
describe('topic discovery and versions in a browser', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      workers: true,
      env: { VIGIL_DISCOVERY_SCHEDULE: 'off' },
    });
    const ingest = ApiClient.ingest(stack.url);
    const admin = await ApiClient.admin(stack.url);
    const ids: string[] = [];
    for (const text of CRYPTO_REQUESTS) {
      ids.push(
        (await ingest.post('/api/v1/conversations', conversation({ messages: [{ role: 'customer', text }] })))
          .body.id,
      );
    }
    for (const id of ids) {
      await waitFor(
        'scored',
        async () => (await admin.get(`/api/v1/conversations/${id}`)).body.status === 'scored',
      );
    }
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  async function signIn(p: Page, email: string, password: string) {
    await p.goto(`${stack.url}/login`);
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: /sign in/i }).click();
    await p.waitForURL(`${stack.url}/`);
  }

  /** The settings header shows the version in force once the page has reloaded its data. */
  const versionInForce = (version: number) =>
    page.locator(`[data-testid="config-version"][data-version="${version}"]`).waitFor();
  const tabs = (p: Page) => p.getByRole('navigation', { name: 'Settings' });

  it('finds the unexplained requests as a candidate topic, shown as text', async () => {
    await signIn(page, TEST_ADMIN.email, TEST_ADMIN.password);
    await page.goto(`${stack.url}/settings/topics`);
    await tabs(page).getByRole('link', { name: 'Discovered topics' }).click();
    await page.waitForURL(`${stack.url}/settings/discovery`);
    await page.getByText('No discovery has run yet').waitFor();

    await page.getByTestId('discover-now').click();
    const candidate = page.getByTestId('topic-candidate').first();
    await candidate.waitFor({ timeout: 30_000 });
    expect(await candidate.getByRole('heading', { level: 3 }).innerText()).toBe('Crypto wallet');
    expect(await page.getByTestId('discovery-summary').innerText()).toMatch(/conversations? without a topic/);
    const examples = await candidate.getByRole('listitem').allInnerTexts();
    expect(examples.length).toBeGreaterThanOrEqual(3);
    // Markup in what customers wrote is shown as the characters they typed.
    expect(await candidate.locator('img, b, script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    const dir = process.env.SCREENSHOT_DIR;
    if (dir) await page.screenshot({ path: `${dir}/settings-discovery.png`, fullPage: true });
  });

  it('adopts the candidate in one click as a new version and offers to rescore', async () => {
    const candidate = page.getByTestId('topic-candidate').first();
    await candidate.getByRole('button', { name: 'Adopt as topic' }).click();
    await page.getByTestId('rescore-offer').getByText('Saved as version 2').waitFor();
    await candidate
      .getByTestId('candidate-adopted')
      .getByText('Adopted as crypto_wallet in version 2')
      .waitFor();
    expect(await candidate.getByRole('button', { name: 'Adopt as topic' }).count()).toBe(0);
    await versionInForce(2);

    await tabs(page).getByRole('link', { name: 'Topics', exact: true }).click();
    await page.getByTestId('topic-row').filter({ hasText: 'Crypto wallet' }).waitFor();
  });

  it('shows what an old version held and restores it as a new version', async () => {
    await tabs(page).getByRole('link', { name: 'Versions' }).click();
    const first = page.locator('[data-testid="version-row"][data-version="1"]');
    await first.getByRole('button', { name: 'View' }).click();
    const detail = page.getByTestId('version-detail');
    await detail.waitFor();
    expect(await detail.innerText()).not.toContain('Crypto wallet');
    expect(await detail.getByRole('heading', { level: 3 }).first().innerText()).toMatch(/^\d+ topics$/);

    await first.getByRole('button', { name: 'Restore…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByTestId('rescore-offer').getByText('Saved as version 3').waitFor();
    await versionInForce(3);
    await page
      .locator('[data-testid="version-row"][data-version="3"]')
      .getByText('restored version 1')
      .waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('shows a long list of candidates ten at a time, largest first', async () => {
    // A run with many candidates, as a busy month of demo data gives.
    const candidates = Array.from({ length: 23 }, (_, i) => ({
      id: `candidate.t${i}`,
      label: `topic ${i}`,
      terms: [`topic ${i}`],
      size: 100 - i,
      share: 0.01,
      cohesion: 0.5,
      examples: [{ conversationId: '00000000-0000-0000-0000-000000000000', text: `request ${i}` }],
      suggestion: { key: `topic_${i}`, label: `Topic ${i}`, examples: [`request ${i}`], keywords: [] },
      adopted: null,
    }));
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    const to = new Date();
    const from = new Date(to.getTime() - 7 * 86_400_000);
    await pg.query(
      `INSERT INTO background_run (kind, status, params, result, started_at, finished_at)
       VALUES ('topic-discovery', 'done', $1::jsonb, $2::jsonb, now(), now() + interval '1 minute')`,
      [
        JSON.stringify({ from: from.toISOString(), to: to.toISOString() }),
        JSON.stringify({ considered: 5000, explained: 0, unclustered: 0, candidates }),
      ],
    );
    await pg.end();

    await page.goto(`${stack.url}/settings/discovery`);
    const shown = page.getByTestId('topic-candidate');
    await page.getByText('23 candidates').waitFor();
    expect(await shown.count()).toBe(10);
    expect(await shown.first().getByRole('heading', { level: 3 }).innerText()).toMatch(/^Topic 0$/i);
    await page.getByTestId('more-candidates').getByText('Show 10 more').click();
    await shown.nth(19).waitFor();
    expect(await shown.count()).toBe(20);
    await page.getByTestId('more-candidates').getByText('Show 3 more').click();
    await shown.nth(22).waitFor();
    expect(await page.getByTestId('more-candidates').count()).toBe(0);
  });

  it('is not offered to trainers', async () => {
    const { email } = await createUser(db.url, 'trainer');
    const trainer = await browser.newPage();
    await signIn(trainer, email, TEST_PASSWORD);
    await trainer.goto(`${stack.url}/settings/versions`);
    await tabs(trainer).getByRole('link', { name: 'Versions' }).waitFor();
    expect(await tabs(trainer).getByRole('link', { name: 'Discovered topics' }).count()).toBe(0);
    expect(await trainer.getByRole('button', { name: 'Restore…' }).count()).toBe(0);
    await trainer.goto(`${stack.url}/settings/discovery`);
    await trainer.getByText('Topic discovery is for admins.').waitFor();
    await trainer.close();
  });
});
