import * as http from 'node:http';
import * as https from 'node:https';
import { SESSION_COOKIE, type IngestAccepted, type BulkIngestResponse, type Page } from '@vigil/contracts';

/** Keep-alive HTTP for the benchmark: pre-serialised bodies, so the client spends little CPU per request. */

export interface HttpResult {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  /** Network error code when there was no response. */
  error?: string;
}

export class HttpClient {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;

  constructor(url: string, maxSockets: number) {
    this.base = new URL(url);
    this.transport = this.base.protocol === 'https:' ? https : http;
    const options = { keepAlive: true, maxSockets };
    this.agent = this.base.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
  }

  request(
    method: string,
    pathname: string,
    headers: Record<string, string>,
    body?: string,
    timeoutMs = 60_000,
  ): Promise<HttpResult> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (r: HttpResult): void => {
        if (!settled) {
          settled = true;
          resolve(r);
        }
      };
      const req = this.transport.request(
        new URL(pathname, this.base),
        {
          method,
          agent: this.agent,
          timeout: timeoutMs,
          headers:
            body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            done({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', (e) => done({ status: 0, headers: {}, body: '', error: e.message }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e: NodeJS.ErrnoException) =>
        done({ status: 0, headers: {}, body: '', error: e.code ?? e.message }),
      );
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export class VigilApi {
  readonly http: HttpClient;
  private cookie = '';

  constructor(
    readonly url: string,
    private readonly ingestKey: string,
    maxSockets = 64,
  ) {
    this.http = new HttpClient(url, maxSockets);
  }

  get sessionCookie(): string {
    return this.cookie;
  }

  async health(): Promise<boolean> {
    const r = await this.http.request('GET', '/api/v1/health', {}, undefined, 5000);
    return r.status === 200;
  }

  async login(email: string, password: string): Promise<void> {
    const r = await this.http.request(
      'POST',
      '/api/v1/auth/login',
      { 'content-type': 'application/json' },
      JSON.stringify({ email, password }),
    );
    if (r.status !== 200)
      throw new Error(`login as ${email} failed: HTTP ${r.status || r.error} ${r.body.slice(0, 200)}`);
    const setCookie = r.headers['set-cookie'] ?? [];
    const session = setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    if (!session) throw new Error(`login answered 200 without a ${SESSION_COOKIE} cookie`);
    this.cookie = session;
  }

  /** Number of conversations in a status (total of a one-item page). */
  async countByStatus(status: 'received' | 'queued' | 'scored' | 'failed'): Promise<number | undefined> {
    const r = await this.http.request(
      'GET',
      `/api/v1/conversations?status=${status}&pageSize=1`,
      { cookie: this.cookie },
      undefined,
      15_000,
    );
    if (r.status !== 200) return undefined;
    return (JSON.parse(r.body) as Page<unknown>).total;
  }

  /** When a conversation was scored (server clock), or undefined. */
  async scoredAt(id: string): Promise<number | undefined> {
    const r = await this.http.request(
      'GET',
      `/api/v1/conversations/${id}`,
      { cookie: this.cookie },
      undefined,
      15_000,
    );
    if (r.status !== 200) return undefined;
    const at = (JSON.parse(r.body) as { scoredAt?: string | null }).scoredAt;
    return at ? Date.parse(at) : undefined;
  }

  /** POST one pre-serialised conversation; returns the stored id or why not. */
  async postOne(body: string): Promise<{ status: number; id?: string; error?: string }> {
    const r = await this.http.request('POST', '/api/v1/conversations', this.ingestHeaders(), body);
    if (r.status === 202 || r.status === 200 || r.status === 201) {
      try {
        return { status: r.status, id: (JSON.parse(r.body) as IngestAccepted).id };
      } catch {
        return { status: r.status };
      }
    }
    return { status: r.status, error: r.error ?? r.body.slice(0, 200) };
  }

  /** POST a pre-serialised JSON array. */
  async postBulk(body: string): Promise<{ status: number; ids: string[]; rejected: number; error?: string }> {
    const r = await this.http.request(
      'POST',
      '/api/v1/conversations/bulk',
      this.ingestHeaders(),
      body,
      120_000,
    );
    if (r.status >= 200 && r.status < 300) {
      const parsed = JSON.parse(r.body) as BulkIngestResponse;
      return { status: r.status, ids: parsed.accepted.map((a) => a.id), rejected: parsed.rejected.length };
    }
    return { status: r.status, ids: [], rejected: 0, error: r.error ?? r.body.slice(0, 200) };
  }

  close(): void {
    this.http.close();
  }

  private ingestHeaders(): Record<string, string> {
    return { 'content-type': 'application/json', authorization: `Bearer ${this.ingestKey}` };
  }
}
