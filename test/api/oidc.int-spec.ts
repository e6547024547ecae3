import { Client } from 'pg';
import { CSRF_COOKIE, SESSION_COOKIE } from '@vigil/contracts';
import { ApiClient } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { HttpBrowser, authorizeAtProvider, startOidcProvider, type TestOidcProvider } from '../support/oidc';
import { freePort, runProcess, startStack, waitFor, type Stack } from '../support/stack';
import { TEST_PASSWORD, createUser } from '../support/users';

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider, started by the test) and the
 * real API process: the whole authorization code flow driven over HTTP, redirect by redirect.
 */
describe('single sign-on with OpenID Connect', () => {
  let db: TestDatabase;
  let stack: Stack;
  let provider: TestOidcProvider;
  let sql: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    provider = await startOidcProvider(`http://127.0.0.1:${port}`);
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      port,
      env: { ...provider.vigilEnv, VIGIL_LOGIN_RATE_LIMIT_PER_MINUTE: '1000' },
    });
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await stack?.stop();
    await provider?.stop();
    await db?.drop();
  });

  /** From Vigil's SSO link to the provider, and back to Vigil's callback (not yet followed). */
  async function toCallback(
    browser: HttpBrowser,
    login: string,
    options: { next?: string; tamperAuthorization?: (url: URL) => void; abort?: boolean } = {},
  ): Promise<URL> {
    const start = await browser.request(
      `${stack.url}/api/v1/auth/oidc${options.next ? `?next=${encodeURIComponent(options.next)}` : ''}`,
    );
    expect(start.status).toBe(302);
    const authorization = new URL(start.headers.get('location')!);
    options.tamperAuthorization?.(authorization);
    return authorizeAtProvider(browser, authorization.href, login, options);
  }

  /** Deliver the callback: where Vigil sends the browser next. */
  async function callback(browser: HttpBrowser, url: URL): Promise<string> {
    const res = await browser.request(url.href);
    expect(res.status).toBe(302);
    return res.headers.get('location')!;
  }

  async function signIn(login: string, next?: string): Promise<{ browser: HttpBrowser; location: string }> {
    const browser = new HttpBrowser();
    const location = await callback(browser, await toCallback(browser, login, { next }));
    return { browser, location };
  }

  const api = (browser: HttpBrowser) => new ApiClient(stack.url).adoptCookies(browser.cookies(stack.url));

  async function userRow(email: string) {
    const { rows } = await sql.query(
      `SELECT id, role, teams, source, oidc_subject, password_hash, last_sign_in_at FROM app_user WHERE email = $1`,
      [email],
    );
    return rows[0];
  }

  async function audit(action: string, actor?: string) {
    const { rows } = await sql.query(
      `SELECT actor, actor_id, action, target, ip, details FROM audit_log
        WHERE action = $1 AND ($2::text IS NULL OR actor = $2) ORDER BY id`,
      [action, actor ?? null],
    );
    return rows;
  }

  /** Why the last refused sign-in was refused, as the audit log has it. */
  async function lastRefusal(): Promise<{ reason: string; detail: string }> {
    return (await audit('auth.signInFailed')).at(-1).details;
  }

  it('tells the login page that single sign-on is on, and its name', async () => {
    const res = await new ApiClient(stack.url).get('/api/v1/auth/providers');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ oidc: { name: 'Test IdP' } });
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce, keeping them in an httpOnly cookie', async () => {
    const res = await new HttpBrowser().request(`${stack.url}/api/v1/auth/oidc`);
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(provider.issuer);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: 'vigil',
      response_type: 'code',
      redirect_uri: `${stack.url}/api/v1/auth/oidc/callback`,
      code_challenge_method: 'S256',
      scope: 'openid email profile',
    });
    for (const p of ['code_challenge', 'state', 'nonce']) expect(to.searchParams.get(p)).toMatch(/^.{20,}$/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('vigil_oidc='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // Nothing about the transaction but its id travels in the cookie.
    expect(cookie).not.toContain(to.searchParams.get('state')!);
  });

  it('creates the user at the first sign-in with the claimed role and teams, and opens a session like a password sign-in', async () => {
    provider.setAccount('ada', {
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      vigil_role: 'trainer',
      vigil_teams: ['billing', 'returns'],
    });
    const { browser, location } = await signIn('ada', '/conversations?team=billing');
    expect(location).toBe('/conversations?team=billing');
    const cookies = browser.cookies(stack.url);
    expect(Object.keys(cookies)).toEqual(expect.arrayContaining([SESSION_COOKIE, CSRF_COOKIE]));
    expect(cookies.vigil_oidc).toBeUndefined(); // the transaction is over

    const me = await api(browser).get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      role: 'trainer',
      teams: ['billing', 'returns'],
    });
    const row = await userRow('ada@example.com');
    expect(row).toMatchObject({ source: 'oidc', password_hash: null });
    expect(row.oidc_subject).toBe('ada');
    expect(row.last_sign_in_at).not.toBeNull();

    // The session works on a protected route, and writes with its CSRF token.
    const session = api(browser);
    expect((await session.get('/api/v1/conversations')).status).toBe(200);
    expect((await session.get('/api/v1/settings/engine-config')).status).toBe(200); // trainer: scorecard
    expect((await session.get('/api/v1/settings/rescore')).status).toBe(200);
    expect((await session.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await session.get('/api/v1/auth/me')).status).toBe(401);

    const [created] = await audit('user.created', 'ada@example.com');
    expect(created).toMatchObject({
      actor_id: row.id,
      target: `user:${row.id}`,
      ip: '127.0.0.1',
      details: { source: 'oidc', role: 'trainer', teams: ['billing', 'returns'] },
    });
    const [signedIn] = await audit('auth.signedIn', 'ada@example.com');
    expect(signedIn).toMatchObject({ actor_id: row.id, details: { method: 'oidc' } });
  });

  it('updates role and teams from the claims at a later sign-in, and keeps them when the claims are missing', async () => {
    provider.setAccount('ada', {
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      vigil_role: 'manager',
      vigil_teams: ['billing'],
    });
    const { browser, location } = await signIn('ada');
    expect(location).toBe('/');
    expect((await api(browser).get('/api/v1/auth/me')).body).toMatchObject({
      role: 'manager',
      teams: ['billing'],
    });
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM app_user WHERE email = 'ada@example.com'`,
    );
    expect(rows[0].n).toBe(1);
    const updates = await audit('user.updated');
    expect(updates.at(-1)).toMatchObject({
      actor: 'single sign-on',
      details: {
        role: { from: 'trainer', to: 'manager' },
        teams: { from: ['billing', 'returns'], to: ['billing'] },
      },
    });

    provider.setAccount('ada', { email: 'ada@example.com', name: 'Ada Lovelace' });
    const again = await signIn('ada');
    expect((await api(again.browser).get('/api/v1/auth/me')).body).toMatchObject({
      role: 'manager',
      teams: ['billing'],
    });
    expect(await audit('auth.signedIn', 'ada@example.com')).toHaveLength(3);
  });

  it('gives the default role (manager) when the role claim names no Vigil role, and every team without a teams claim', async () => {
    provider.setAccount('grace', { email: 'grace@example.com', name: 'Grace', vigil_role: 'superuser' });
    const { browser } = await signIn('grace');
    expect((await api(browser).get('/api/v1/auth/me')).body).toMatchObject({ role: 'manager', teams: null });
  });

  it('refuses a callback whose state was changed', async () => {
    provider.setAccount('eve', { email: 'eve@example.com', vigil_role: 'admin' });
    const browser = new HttpBrowser();
    const url = await toCallback(browser, 'eve');
    url.searchParams.set('state', 'forged-state');
    expect(await callback(browser, url)).toBe('/login?error=sso_failed');
    expect(await lastRefusal()).toEqual({
      method: 'oidc',
      reason: 'sso_failed',
      detail: expect.stringMatching(/unexpected "state" response parameter value/),
    });
    expect(browser.cookies(stack.url)[SESSION_COOKIE]).toBeUndefined();
    expect(await userRow('eve@example.com')).toBeUndefined();
  });

  it('refuses an ID token whose nonce is not the one Vigil sent', async () => {
    const browser = new HttpBrowser();
    const url = await toCallback(browser, 'eve', {
      tamperAuthorization: (u) => u.searchParams.set('nonce', 'a-nonce-vigil-never-made'),
    });
    expect(await callback(browser, url)).toBe('/login?error=sso_failed');
    expect(await lastRefusal()).toEqual({
      method: 'oidc',
      reason: 'sso_failed',
      detail: expect.stringMatching(/unexpected ID Token "nonce" claim value/),
    });
    expect(browser.cookies(stack.url)[SESSION_COOKIE]).toBeUndefined();
  });

  it('refuses a code issued for another PKCE challenge, and a tampered code', async () => {
    const swapped = new HttpBrowser();
    const url = await toCallback(swapped, 'eve', {
      tamperAuthorization: (u) =>
        u.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'),
    });
    expect(await callback(swapped, url)).toBe('/login?error=sso_failed');
    expect(await lastRefusal()).toEqual({
      method: 'oidc',
      reason: 'sso_failed',
      detail: expect.stringMatching(/invalid_grant/),
    });

    const tampered = new HttpBrowser();
    const url2 = await toCallback(tampered, 'eve');
    url2.searchParams.set('code', `${url2.searchParams.get('code')}x`);
    expect(await callback(tampered, url2)).toBe('/login?error=sso_failed');
    expect(await lastRefusal()).toEqual({
      method: 'oidc',
      reason: 'sso_failed',
      detail: expect.stringMatching(/invalid_grant/),
    });
    expect(await userRow('eve@example.com')).toBeUndefined();
  });

  it('refuses a callback in a browser that did not start the sign-in, and the same callback twice', async () => {
    const victim = new HttpBrowser();
    const attackerCallback = await toCallback(new HttpBrowser(), 'eve');
    expect(await callback(victim, attackerCallback)).toBe('/login?error=sso_expired');

    const browser = new HttpBrowser();
    const url = await toCallback(browser, 'eve');
    const transaction = browser.cookies(stack.url).vigil_oidc;
    expect(await callback(browser, url)).toBe('/');
    // The same answer again, with the same transaction cookie: a transaction answers one callback.
    const replayed = await fetch(url.href, {
      redirect: 'manual',
      headers: { cookie: `vigil_oidc=${transaction}` },
    });
    expect(replayed.headers.get('location')).toBe('/login?error=sso_expired');
  });

  it('says so when the person cancels at the provider', async () => {
    const browser = new HttpBrowser();
    const url = await toCallback(browser, 'eve', { abort: true });
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(await callback(browser, url)).toBe('/login?error=sso_cancelled');
    expect(await lastRefusal()).toEqual({
      method: 'oidc',
      reason: 'sso_cancelled',
      detail: expect.stringMatching(/access_denied: End-User aborted interaction/),
    });
  });

  it('refuses a deactivated user and records the refusal', async () => {
    provider.setAccount('mallory', { email: 'mallory@example.com', vigil_role: 'compliance' });
    const first = await signIn('mallory');
    expect(first.location).toBe('/');
    await sql.query(`UPDATE app_user SET disabled_at = now() WHERE email = 'mallory@example.com'`);

    const { browser, location } = await signIn('mallory');
    expect(location).toBe('/login?error=sso_deactivated');
    expect(browser.cookies(stack.url)[SESSION_COOKIE]).toBeUndefined();
    const refusals = await audit('auth.signInFailed', 'mallory@example.com');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ details: { method: 'oidc', reason: 'sso_deactivated' } });
    expect(await audit('auth.signInFailed', 'unknown (single sign-on)')).not.toHaveLength(0);
  });

  it('does not take over a password account that has the same e-mail', async () => {
    const { email } = await createUser(db.url, 'admin');
    provider.setAccount('impostor', { email, vigil_role: 'admin' });
    const { location } = await signIn('impostor');
    expect(location).toBe('/login?error=sso_email_taken');
    expect(await userRow(email)).toMatchObject({ source: 'local', oidc_subject: null });
    // …and that account still signs in with its password, as before.
    expect(
      (await new ApiClient(stack.url).post('/api/v1/auth/login', { email, password: TEST_PASSWORD })).status,
    ).toBe(200);
  });

  it('gives a single sign-on account no password to sign in with', async () => {
    const res = await new ApiClient(stack.url).post('/api/v1/auth/login', {
      email: 'ada@example.com',
      password: 'anything at all',
    });
    expect(res.status).toBe(401);
  });

  it('keeps ?next= to paths of the dashboard', async () => {
    provider.setAccount('ada', { email: 'ada@example.com' });
    expect((await signIn('ada', 'https://evil.example/')).location).toBe('/');
    expect((await signIn('ada', '//evil.example/')).location).toBe('/');
  });

  it('sends the browser back to the login page when the provider cannot be reached', async () => {
    const port = await freePort();
    const nowhere = await freePort(); // nothing listens there
    const away = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      port,
      env: {
        ...provider.vigilEnv,
        VIGIL_OIDC_ISSUER: `http://127.0.0.1:${nowhere}`,
        VIGIL_OIDC_REDIRECT_URL: `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`,
      },
    });
    try {
      const res = await new HttpBrowser().request(`${away.url}/api/v1/auth/oidc`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/login?error=sso_unavailable');
      // Password sign-in does not depend on the provider.
      expect((await ApiClient.admin(away.url).then((c) => c.get('/api/v1/auth/me'))).status).toBe(200);
    } finally {
      await away.stop();
    }
  });

  it('does not start with half a single sign-on configuration, and says which setting is missing', async () => {
    const api = runProcess('apps/api/dist/main.js', {
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      VIGIL_OIDC_ISSUER: provider.issuer,
      VIGIL_OIDC_CLIENT_ID: 'vigil',
    });
    const exited = await waitFor('the API to give up', () => api.child.exitCode !== null && api.child);
    expect(exited.exitCode).toBe(1);
    expect(api.output()).toMatch(/single sign-on needs .*; missing: VIGIL_OIDC_REDIRECT_URL/);
  });
});
