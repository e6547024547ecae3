import { ApiClient } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, type Stack } from '../support/stack';

/** What a browser sends when it navigates to a page. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('paths that are neither an API route nor a page', () => {
  let db: TestDatabase;
  let stack: Stack;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix() });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const get = (path: string, accept?: string) =>
    fetch(stack.url + path, { headers: accept ? { accept } : {} });

  it.each(['/api', '/api/', '/api/v1/conversatons', '/api/v2/health', '/api/v1/metrics/overveiw?x=1'])(
    'answers %s with a JSON 404 in the API error shape, also when a browser asks',
    async (path) => {
      for (const accept of [undefined, BROWSER_ACCEPT]) {
        const res = await get(path, accept);
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(await res.json()).toEqual({
          statusCode: 404,
          error: 'Not Found',
          message: expect.any(String),
        });
      }
    },
  );

  it('answers a signed-in typo the same way', async () => {
    const admin = await ApiClient.admin(stack.url);
    const res = await admin.get('/api/v1/conversation');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('answers non-page requests (a metrics scraper, a missing file) with a 404, not the app', async () => {
    for (const [path, accept] of [
      ['/metrics', 'text/plain;version=0.0.4;q=1,*/*;q=0.1'],
      ['/metrics', undefined],
      ['/favicon-missing.png', 'image/avif,image/webp,image/png,image/*,*/*;q=0.8'],
      ['/robots.txt', '*/*'],
    ] as const) {
      const res = await get(path, accept);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(await res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
  });

  it('still serves the dashboard for its pages, including ones the browser navigates to directly', async () => {
    for (const path of ['/', '/conversations', '/agents/a-17', '/settings/scorecard', '/login']) {
      const res = await get(path, BROWSER_ACCEPT);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toMatch(/<html/i);
    }
  });
});
