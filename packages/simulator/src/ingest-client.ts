import * as http from 'node:http';
import * as https from 'node:https';
import type { BulkIngestResponse, ConversationInput, IngestAccepted } from '@vigil/contracts';

/**
 * Posts conversations to Vigil's public ingest API over keep-alive connections and classifies every
 * answer, so callers decide about retries without parsing HTTP. Never throws for HTTP or network
 * trouble: that comes back as an outcome.
 */

export type PostOutcome =
  /**
   * 2xx: `ids` are the stored conversations' ids in the order they were accepted; `duplicates` of the
   * accepted had been posted before (the API answered `created: false` and did not store them again).
   */
  | { kind: 'ok'; status: number; accepted: number; rejected: number; duplicates: number; ids: string[] }
  /** 429, 5xx, timeout or a network error: worth trying again later. */
  | { kind: 'retry'; status?: number; retryAfterMs?: number; reason: string }
  /** 400, 413 and other 4xx: the conversations themselves were refused; retrying will not help. */
  | { kind: 'rejected'; status: number; reason: string }
  /** 401/403: the key is wrong; nothing will succeed. */
  | { kind: 'fatal'; status: number; reason: string };

export interface IngestClientOptions {
  /** Base URL of the API, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Ingest API key, sent as `Authorization: Bearer <key>`. */
  key: string;
  /** Concurrent connections. */
  maxSockets?: number;
  timeoutMs?: number;
}

export const INGEST_PATHS = {
  one: '/api/v1/conversations',
  bulk: '/api/v1/conversations/bulk',
} as const;

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function shortReason(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as {
      message?: unknown;
      errors?: Array<{ field: string; message: string }>;
    };
    const first = parsed.errors?.[0];
    const detail = first
      ? `${first.field}: ${first.message}`
      : typeof parsed.message === 'string'
        ? parsed.message
        : '';
    return detail ? `HTTP ${status} (${detail})` : `HTTP ${status}`;
  } catch {
    return `HTTP ${status}`;
  }
}

export class IngestClient {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly timeoutMs: number;

  constructor(private readonly options: IngestClientOptions) {
    this.base = new URL(options.url);
    this.transport = this.base.protocol === 'https:' ? https : http;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 16 };
    this.agent =
      this.base.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async postOne(conversation: ConversationInput): Promise<PostOutcome> {
    const response = await this.request(INGEST_PATHS.one, JSON.stringify(conversation));
    if ('error' in response) return { kind: 'retry', reason: response.error };
    const outcome = this.classify(response);
    if (outcome) return outcome;
    let answer: Partial<IngestAccepted> = {};
    try {
      answer = JSON.parse(response.body) as Partial<IngestAccepted>;
    } catch {
      // a 2xx without a JSON body still means accepted
    }
    return {
      kind: 'ok',
      status: response.status,
      accepted: 1,
      rejected: 0,
      duplicates: answer.created === false ? 1 : 0,
      ids: answer.id ? [answer.id] : [],
    };
  }

  async postBulk(conversations: ConversationInput[]): Promise<PostOutcome> {
    const response = await this.request(INGEST_PATHS.bulk, JSON.stringify(conversations));
    if ('error' in response) return { kind: 'retry', reason: response.error };
    const outcome = this.classify(response);
    if (outcome) return outcome;
    try {
      const parsed = JSON.parse(response.body) as Partial<BulkIngestResponse>;
      if (Array.isArray(parsed.accepted) && Array.isArray(parsed.rejected)) {
        return {
          kind: 'ok',
          status: response.status,
          accepted: parsed.accepted.length,
          rejected: parsed.rejected.length,
          duplicates: parsed.accepted.filter((a) => a.created === false).length,
          ids: parsed.accepted.map((a) => a.id),
        };
      }
    } catch {
      // fall through: count the whole batch as accepted
    }
    return {
      kind: 'ok',
      status: response.status,
      accepted: conversations.length,
      rejected: 0,
      duplicates: 0,
      ids: [],
    };
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private classify(response: RawResponse): PostOutcome | undefined {
    const { status } = response;
    if (status >= 200 && status < 300) return undefined;
    if (status === 401 || status === 403)
      return {
        kind: 'fatal',
        status,
        reason: `${shortReason(status, response.body)}: the API refused the ingest key`,
      };
    if (status === 429 || status >= 500 || status === 408)
      return {
        kind: 'retry',
        status,
        retryAfterMs: parseRetryAfter(response.headers['retry-after']),
        reason: shortReason(status, response.body),
      };
    return { kind: 'rejected', status, reason: shortReason(status, response.body) };
  }

  private request(pathname: string, body: string): Promise<RawResponse | { error: string }> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (value: RawResponse | { error: string }): void => {
        if (!settled) {
          settled = true;
          resolve(value);
        }
      };
      const url = new URL(pathname, this.base);
      const req = this.transport.request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${this.options.key}`,
          },
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            done({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', (error) => done({ error: error.message }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (error: NodeJS.ErrnoException) => done({ error: error.code ?? error.message }));
      req.end(body);
    });
  }
}
