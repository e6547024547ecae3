import { CSRF_COOKIE, CSRF_HEADER, type ConversationInput } from '@vigil/contracts';
import { TEST_ADMIN, TEST_INGEST_KEY, waitFor } from './stack';

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small HTTP client for the API as its users call it: an ingest key, or a browser session. */
export class ApiClient {
  private cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly bearer?: string,
  ) {}

  static ingest(baseUrl: string, key = TEST_INGEST_KEY): ApiClient {
    return new ApiClient(baseUrl, key);
  }

  static async admin(baseUrl: string): Promise<ApiClient> {
    const client = new ApiClient(baseUrl);
    const res = await client.post('/api/v1/auth/login', TEST_ADMIN);
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return client;
  }

  /** Take over a session signed in elsewhere (e.g. through single sign-on): its cookies, by name. */
  adoptCookies(cookies: Record<string, string>): this {
    for (const [name, value] of Object.entries(cookies)) this.cookies.set(name, value);
    return this;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(path: string): Promise<Response> {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown, contentType = 'application/json'): Promise<Response> {
    return this.request('POST', path, body, contentType);
  }

  put(path: string, body: unknown): Promise<Response> {
    return this.request('PUT', path, body);
  }

  patch(path: string, body: unknown): Promise<Response> {
    return this.request('PATCH', path, body);
  }

  delete(path: string): Promise<Response> {
    return this.request('DELETE', path);
  }

  /** Whether the API set a cookie of this name (and did not clear it since). */
  hasCookie(name: string): boolean {
    return !!this.cookies.get(name);
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (this.cookies.size) headers.cookie = this.cookieHeader;
    const csrf = this.cookies.get(CSRF_COOKIE);
    if (csrf && method !== 'GET') headers[CSRF_HEADER] = csrf;
    if (body !== undefined) headers['content-type'] = contentType;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const i = pair!.indexOf('=');
      const value = pair!.slice(i + 1);
      // A cleared cookie comes back empty (and expired): the browser drops it.
      if (value) this.cookies.set(pair!.slice(0, i), value);
      else this.cookies.delete(pair!.slice(0, i));
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }
}

let counter = 0;

/** A valid conversation in the ingest contract; override what the test is about. */
export function conversation(overrides: Partial<ConversationInput> = {}): ConversationInput {
  counter += 1;
  const now = new Date();
  const start = new Date(now.getTime() - 5 * 60_000);
  return {
    externalId: `t-${process.pid}-${Date.now()}-${counter}`,
    source: 'test',
    channel: 'chat',
    language: 'en',
    startedAt: start.toISOString(),
    endedAt: now.toISOString(),
    team: 'billing',
    agents: [{ id: 'a-17', name: 'Ilze K.', kind: 'human' }],
    customer: { id: 'c-991' },
    messages: [
      { role: 'customer', text: 'I was charged twice and nobody answers! This is terrible.' },
      { role: 'agent', authorId: 'a-17', text: "I'm sorry about that, let me check." },
      { role: 'customer', text: 'Still waiting, this is really frustrating.' },
    ],
    ...overrides,
  };
}

/** Waits until every one of these conversations is scored, asking the API as `api` (who may read them). */
export async function waitForScored(api: ApiClient, ids: string[], timeoutMs?: number): Promise<void> {
  await waitFor(
    `${ids.length} conversation(s) to be scored`,
    async () => {
      for (const id of ids)
        if ((await api.get(`/api/v1/conversations/${id}`)).body.status !== 'scored') return false;
      return true;
    },
    timeoutMs,
  );
}
