import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:<port>; a rule's webhook is `${url}/<any path>`. */
  url: string;
  /** Every request received so far, in order of arrival. */
  received: ReceivedRequest[];
  /** Requests received at one path. */
  at(path: string): ReceivedRequest[];
  /** Answer the next requests to `path` with these statuses (then 200), so a test can make attempts fail. */
  failNext(path: string, ...statuses: number[]): void;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a free local port that records every request, for what the workers deliver
 * to webhooks and Slack: the test reads the requests back and checks their signatures.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const failures = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.statusCode = failures.get(req.url ?? '')?.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    at: (path) => received.filter((r) => r.path === path),
    failNext: (path, ...statuses) => failures.set(path, statuses),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Whether a request carries Vigil's webhook signature made with `secret`: `Vigil-Signature` is
 * `v1=` and the hex HMAC-SHA256 of `<Vigil-Timestamp>.<body>`, as the README documents for receivers.
 */
export function hasValidSignature(request: ReceivedRequest, secret: string): boolean {
  const timestamp = request.headers['vigil-timestamp'];
  const signature = request.headers['vigil-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
  return (
    signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  );
}
