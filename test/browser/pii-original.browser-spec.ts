import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { ConversationDetail } from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { launchBrowser, signInPage } from '../support/browser';
import { startStack, waitFor, type Stack } from '../support/stack';
import { createUser } from '../support/users';

/**
 * Masked by default, revealed on request: a compliance officer reads a conversation whose card
 * number and e-mail were masked at ingest, then shows the original (the operator keeps originals);
 * a manager gets no such control.
 */
describe('the original text of a conversation in a browser', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let id: string;
  const pageErrors: string[] = [];
  const TEXT = 'My card 4111 1111 1111 1111 was charged twice, write to janis.berzins@example.lv';

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      workers: true,
      env: { VIGIL_PII_KEEP_ORIGINALS: 'true', VIGIL_PII_KEY: randomBytes(32).toString('base64') },
    });
    browser = await launchBrowser();
    const res = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations',
      conversation({
        messages: [
          { role: 'customer', text: TEXT },
          { role: 'agent', authorId: 'a-17', text: "I'm sorry about that, let me check." },
        ],
      }),
    );
    expect(res.status).toBe(202);
    id = res.body.id;
    const admin = await ApiClient.admin(stack.url);
    await waitFor('the conversation to be scored', async () => {
      const body = (await admin.get(`/api/v1/conversations/${id}`)).body as ConversationDetail;
      return body.status === 'scored';
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  async function openAs(role: 'compliance' | 'manager'): Promise<Page> {
    const { email } = await createUser(db.url, role);
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInPage(page, stack.url, email);
    await page.goto(`${stack.url}/conversations/${id}`);
    await page.getByTestId('message').first().waitFor();
    return page;
  }

  it('shows the masks, and the original to a compliance officer who asks for it', async () => {
    const page = await openAs('compliance');
    const first = page.getByTestId('message').first();
    expect(await first.textContent()).toContain(
      'My card [CARD •••• 1111] was charged twice, write to [EMAIL]',
    );
    expect(await first.textContent()).not.toContain('4111 1111');

    await page.getByTestId('show-original').click();
    await page.getByTestId('original-notice').waitFor();
    expect(await page.getByTestId('original-text').first().textContent()).toBe(TEXT);

    await page.getByTestId('show-original').click();
    await page.getByTestId('original-notice').waitFor({ state: 'detached' });
    expect(await first.textContent()).not.toContain('4111 1111');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('offers a manager no original', async () => {
    const page = await openAs('manager');
    expect(await page.getByTestId('message').first().textContent()).toContain('[CARD •••• 1111]');
    expect(await page.getByTestId('show-original').count()).toBe(0);
    await page.close();
  });
});
