import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runProcess, waitFor, type RunningProcess } from './stack';

/** What the test provider claims about one person who signs in with this login. */
export interface ProviderAccount {
  email?: string;
  name?: string;
  vigil_role?: unknown;
  vigil_teams?: unknown;
}

export interface TestOidcProvider {
  /** Its issuer: http://localhost:<port>, a different site from Vigil's http://127.0.0.1:<port>. */
  issuer: string;
  /** The environment that points Vigil at this provider. */
  vigilEnv: Record<string, string>;
  /** Who signs in with `login`, and what the provider claims about them from now on. */
  setAccount(login: string, claims: ProviderAccount): void;
  stop(): Promise<void>;
}

const CLIENT = { id: 'vigil', secret: 'vigil-test-client-secret' };

/**
 * oidc-provider (test/support/oidc-provider.mjs) in its own process, with Vigil registered as a
 * client whose callback is on `vigilUrl`.
 */
export async function startOidcProvider(vigilUrl: string): Promise<TestOidcProvider> {
  const port = await freePort();
  const issuer = `http://localhost:${port}`;
  const redirectUri = `${vigilUrl}/api/v1/auth/oidc/callback`;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-oidc-'));
  const accountsFile = join(dir, 'accounts.json');
  const accounts: Record<string, ProviderAccount> = {};
  writeFileSync(accountsFile, '{}');
  const child: RunningProcess = runProcess('test/support/oidc-provider.mjs', {
    OIDC_PORT: String(port),
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: CLIENT.id,
    OIDC_CLIENT_SECRET: CLIENT.secret,
    OIDC_REDIRECT_URI: redirectUri,
    OIDC_ACCOUNTS: accountsFile,
  });
  try {
    await waitFor('the identity provider to listen', () => child.output().includes('listening'), 20_000);
  } catch (error) {
    await child.stop();
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  }
  return {
    issuer,
    vigilEnv: {
      VIGIL_OIDC_ISSUER: issuer,
      VIGIL_OIDC_CLIENT_ID: CLIENT.id,
      VIGIL_OIDC_CLIENT_SECRET: CLIENT.secret,
      VIGIL_OIDC_REDIRECT_URL: redirectUri,
      VIGIL_OIDC_NAME: 'Test IdP',
    },
    setAccount(login, claims) {
      accounts[login] = claims;
      writeFileSync(accountsFile, JSON.stringify(accounts));
    },
    async stop() {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A browser driven by hand over HTTP: cookies kept per host (as browsers do; not per port), redirects
 * followed one by one, so a test can stop at, read or tamper with any step.
 */
export class HttpBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  cookies(url: string): Record<string, string> {
    return Object.fromEntries(this.jar(new URL(url).hostname));
  }

  private jar(host: string): Map<string, string> {
    let jar = this.jars.get(host);
    if (!jar) this.jars.set(host, (jar = new Map()));
    return jar;
  }

  /** One request, no redirect followed. */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Response> {
    const jar = this.jar(new URL(url).hostname);
    const headers: Record<string, string> = { accept: 'text/html' };
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      redirect: 'manual',
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const i = pair!.indexOf('=');
      const [name, value] = [pair!.slice(0, i).trim(), pair!.slice(i + 1).trim()];
      const expired = attributes.some((a) => {
        const [key, val] = a.trim().split('=');
        return (
          (key?.toLowerCase() === 'max-age' && Number(val) <= 0) ||
          (key?.toLowerCase() === 'expires' && Date.parse(val ?? '') < Date.now())
        );
      });
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }

  /** Follow redirects from `url` until a page answers, or until `stopAt` says a location is the one wanted. */
  async follow(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
    stopAt: (location: URL) => boolean = () => false,
  ): Promise<{ url: URL; response?: Response }> {
    let current = new URL(url);
    let res = await this.request(current.href, init);
    for (let hops = 0; hops < 20; hops++) {
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: current, response: res };
      current = new URL(location, current);
      if (stopAt(current)) return { url: current };
      res = await this.request(current.href);
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/** The first form of an HTML page: where it posts, and its hidden fields. */
function formOf(html: string, base: URL): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form on the page:\n${html.slice(0, 2000)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]+)"/.exec(input[0])?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
  }
  return { action: new URL(form[1]!.replace(/&amp;/g, '&'), base).href, fields };
}

/**
 * At the provider: from Vigil's redirect to it, through its login page (as `login`) and consent page,
 * to the callback it sends the browser back to — returned without being followed. With `abort`, the
 * person cancels at the login page instead.
 */
export async function authorizeAtProvider(
  browser: HttpBrowser,
  authorizationUrl: string,
  login: string,
  options: { abort?: boolean } = {},
): Promise<URL> {
  const isCallback = (u: URL) => u.pathname.endsWith('/api/v1/auth/oidc/callback');
  let step = await browser.follow(authorizationUrl, {}, isCallback);
  for (let pages = 0; pages < 4 && !isCallback(step.url); pages++) {
    const html = await step.response!.text();
    if (step.response!.status !== 200)
      throw new Error(`the provider answered ${step.response!.status}:\n${html}`);
    const { action, fields } = formOf(html, step.url);
    // oidc-provider's development pages post to /interaction/<uid> and cancel at /interaction/<uid>/abort.
    if (options.abort) return (await browser.follow(`${action}/abort`, {}, isCallback)).url;
    const form = fields.prompt === 'login' ? { ...fields, login, password: 'any' } : fields;
    step = await browser.follow(action, { form }, isCallback);
  }
  if (!isCallback(step.url))
    throw new Error(`the provider did not send the browser back (at ${step.url.href})`);
  return step.url;
}
