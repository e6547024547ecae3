import { SESSION_COOKIE } from '@vigil/contracts';
import { ApiClient } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { TEST_ADMIN, startStack, type Stack } from '../support/stack';

describe('sign-in, sessions and the role table', () => {
  let db: TestDatabase;
  let stack: Stack;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      env: { VIGIL_LOGIN_RATE_LIMIT_PER_MINUTE: '4' },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('signs in with the first admin from the environment and sets an httpOnly session cookie', async () => {
    const client = new ApiClient(stack.url);
    const res = await client.post('/api/v1/auth/login', TEST_ADMIN);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: TEST_ADMIN.email, role: 'admin' });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect((await client.get('/api/v1/auth/me')).body.email).toBe(TEST_ADMIN.email);
  });

  it('refuses a wrong password with 401 and no cookie', async () => {
    const res = await new ApiClient(stack.url).post('/api/v1/auth/login', {
      ...TEST_ADMIN,
      password: 'wrong-password',
    });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('requires authentication everywhere but health', async () => {
    const anonymous = new ApiClient(stack.url);
    for (const path of ['/api/v1/conversations', '/api/v1/metrics/overview', '/api/v1/auth/me']) {
      expect((await anonymous.get(path)).status).toBe(401);
    }
    expect((await anonymous.get('/api/v1/health')).status).toBe(200);
  });

  it('does not let an ingest key read conversations', async () => {
    expect((await ApiClient.ingest(stack.url).get('/api/v1/conversations')).status).toBe(403);
  });

  it('refuses a cookie-authenticated write without the CSRF header', async () => {
    const client = await ApiClient.admin(stack.url);
    const res = await fetch(`${stack.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie: client.cookieHeader },
    });
    expect(res.status).toBe(403);
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await client.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('rate-limits repeated sign-in attempts with 429 and Retry-After', async () => {
    const client = new ApiClient(stack.url);
    const attempt = () =>
      client.post('/api/v1/auth/login', { email: 'someone@example.com', password: 'guess' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4)).toEqual([429, 429]);
    expect(Number((await attempt()).headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('validates the login body and names the fields', async () => {
    const res = await new ApiClient(stack.url).post('/api/v1/auth/login', { email: '' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
  });

  it('sends security headers and serves the OpenAPI description', async () => {
    const res = await fetch(`${stack.url}/api/docs-json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const doc = (await res.json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/conversations', '/api/v1/conversations/bulk']),
    );
    expect(doc.components.schemas.Conversation).toBeDefined();
  });
});
