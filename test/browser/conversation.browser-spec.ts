import type { Browser, Page } from 'playwright-core';
import type { ConversationDetail, Evidence } from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { launchBrowser } from '../support/browser';
import { TEST_ADMIN, startStack, waitFor, type Stack } from '../support/stack';

/**
 * A trainer reads one conversation in a real Chromium against the real stack: its topics and QA
 * scorecard, and for each score the words in the transcript that decided it.
 */
describe('a conversation in a browser', () => {
  let db: TestDatabase;
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let detail: ConversationDetail;
  const pageErrors: string[] = [];

  const at = (start: number, seconds: number) => new Date(start + seconds * 1000).toISOString();

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));

    const start = Date.now() - 10 * 60_000;
    const res = await ApiClient.ingest(stack.url).post(
      '/api/v1/conversations',
      conversation({
        startedAt: at(start, 0),
        endedAt: at(start, 240),
        messages: [
          {
            role: 'customer',
            at: at(start, 0),
            text: 'Hi, I was charged twice for my subscription this month. I want a refund for the double charge, this is really annoying.',
          },
          {
            role: 'agent',
            authorId: 'a-17',
            at: at(start, 35),
            text: 'Hello, thank you for contacting us! I am sorry about the double charge, let me check your account.',
          },
          { role: 'customer', at: at(start, 70), text: 'It is the payment from 3 November.' },
          {
            role: 'agent',
            authorId: 'a-17',
            at: at(start, 130),
            text: 'I can see the duplicate payment. I have issued a refund; you will see it within 5 business days.',
          },
          { role: 'customer', at: at(start, 160), text: 'Great, thank you so much for your help.' },
          {
            role: 'agent',
            authorId: 'a-17',
            at: at(start, 190),
            text: 'You are welcome! Is there anything else I can help you with? Have a great day.',
          },
        ],
      }),
    );
    expect(res.status).toBe(202);
    const admin = await ApiClient.admin(stack.url);
    detail = await waitFor('the conversation to be scored', async () => {
      const body = (await admin.get(`/api/v1/conversations/${res.body.id}`)).body as ConversationDetail;
      return body.status === 'scored' ? body : null;
    });

    await page.goto(`${stack.url}/login`);
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${stack.url}/`);
    await page.goto(`${stack.url}/conversations/${detail.id}`);
    await page.getByTestId('message').first().waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  /** The texts of the highlights in the transcript, sorted. */
  const marks = async () => (await page.locator('[data-testid="message"] mark').allTextContents()).sort();
  /**
   * The highlights some evidence should give, sorted: its quotes, where spans that overlap in one
   * message are cut at each other's edges ("really annoying" and "annoying": "really " and "annoying").
   */
  const quotes = (evidence: Evidence[]) => {
    const texts: string[] = [];
    for (const index of new Set(evidence.map((e) => e.messageIndex))) {
      const spans = evidence.filter((e) => e.messageIndex === index);
      const text = detail.conversation.messages[index]!.text;
      const cuts = [...new Set(spans.flatMap((e) => [e.start, e.end]))].sort((a, b) => a - b);
      for (let i = 0; i < cuts.length - 1; i++) {
        const [from, to] = [cuts[i]!, cuts[i + 1]!];
        if (spans.some((e) => e.start <= from && e.end >= to)) texts.push(text.slice(from, to));
      }
    }
    return texts.sort();
  };
  const pressed = (id: string) => page.locator(`[data-score="${id}"]`).getAttribute('aria-pressed');

  it('highlights the sentiment evidence by default', async () => {
    expect(detail.scores.sentiment?.evidence.length).toBeGreaterThan(0);
    expect(await marks()).toEqual(quotes(detail.scores.sentiment!.evidence));
    expect(await pressed('sentiment')).toBe('true');
  });

  it('shows the topics with their confidence', async () => {
    const topics = detail.scores.topics!.result.topics;
    expect(topics.length).toBeGreaterThan(0);
    const panel = page.getByTestId('topics-panel');
    expect(await panel.getByTestId('topic').count()).toBe(topics.length);
    expect(await panel.innerText()).toContain(topics[0]!.label);
    expect(await panel.innerText()).toMatch(/\d+(\.\d)?%/);
  });

  it('shows the QA score and every criterion with its outcome in words', async () => {
    const qa = detail.scores.qa!.result;
    expect(qa.score).not.toBeNull();
    const panel = page.getByTestId('qa-panel');
    expect(await panel.getByTestId('qa-score').innerText()).toContain('/ 100');
    expect(await panel.getByTestId('qa-criterion').count()).toBe(qa.criteria.length);
    const text = await panel.innerText();
    for (const c of qa.criteria) expect(text).toContain(c.label);
    expect(text).toMatch(/\bMet\b/);
    expect(text).toMatch(/Not applicable/);
    expect(text).toMatch(/no evidence in the text/);
  });

  it('clicking a QA criterion highlights exactly its evidence, and clicking again goes back', async () => {
    const qa = detail.scores.qa!;
    const criterion = qa.result.criteria.find((c) => c.key === 'closing')!;
    const evidence = qa.evidence.filter((e) => e.ruleId === `qa.${criterion.key}`);
    expect(evidence.length).toBeGreaterThan(0);

    await page.locator('[data-score="qa:closing"]').click();
    expect(await pressed('qa:closing')).toBe('true');
    expect(await pressed('sentiment')).toBe('false');
    expect(await marks()).toEqual(evidence.map((e) => e.quote).sort());
    expect(await page.getByTestId('highlighting').innerText()).toContain(criterion.label);

    await page.locator('[data-score="qa:closing"]').click();
    expect(await pressed('qa:closing')).toBe('false');
    expect(await marks()).toEqual(quotes(detail.scores.sentiment!.evidence));
  });

  it('a topic is chosen from the keyboard, and hovering another score previews it', async () => {
    const topics = detail.scores.topics!;
    const topic = topics.result.topics[0]!;
    const evidence = topics.evidence.filter((e) => e.target.kind === 'topic' && e.target.key === topic.key);
    expect(evidence.length).toBeGreaterThan(0);

    await page.locator(`[data-score="topic:${topic.key}"]`).focus();
    await page.keyboard.press('Enter');
    expect(await pressed(`topic:${topic.key}`)).toBe('true');
    expect(await marks()).toEqual(quotes(evidence));

    // Pointing at the greeting criterion previews its evidence; moving away shows the topic again.
    const greeting = detail.scores.qa!.evidence.filter((e) => e.ruleId === 'qa.greeting');
    await page.locator('[data-score="qa:greeting"]').hover();
    expect(await marks()).toEqual(quotes(greeting));
    expect(await pressed(`topic:${topic.key}`)).toBe('true');
    await page.mouse.move(5, 5);
    expect(await marks()).toEqual(quotes(evidence));

    await page.getByRole('button', { name: 'Back to sentiment' }).click();
    expect(await pressed('sentiment')).toBe('true');
    expect(await marks()).toEqual(quotes(detail.scores.sentiment!.evidence));
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
