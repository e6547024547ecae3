import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateConversation, type ConversationInput } from '@vigil/contracts';
import { runSimulator, type SimulatorOptions, type SimulatorSummary } from './simulator';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

async function withServer(handler: Handler, run: (url: string) => Promise<void>): Promise<void> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function accept(res: http.ServerResponse, body: unknown): void {
  res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * A stand-in for the ingest API that stores by (source, externalId) as the real one does, answering
 * a conversation posted before with created: false; `via` says which way each first came.
 */
function fakeIngestApi() {
  const stored = new Map<string, { endedAt: number; valid: boolean; via: 'bulk' | 'probe' | 'live' }>();
  const api = {
    stored,
    duplicates: 0,
    runStartedAt: Date.now(),
    /** Call as a run starts: single posts of times before it are its history's probes, later ones live. */
    startRun: () => (api.runStartedAt = Date.now()),
    handler: undefined as unknown as Handler,
  };
  const store = (c: ConversationInput, via: 'bulk' | 'probe' | 'live') => {
    const key = `${c.source}\u0000${c.externalId}`;
    const created = !stored.has(key);
    if (created) stored.set(key, { endedAt: Date.parse(c.endedAt), valid: validateConversation(c).ok, via });
    else api.duplicates++;
    return { id: key, externalId: c.externalId, source: c.source, created };
  };
  api.handler = (req, body, res) => {
    if (req.url === '/api/v1/conversations/bulk') {
      const list = JSON.parse(body) as ConversationInput[];
      return accept(res, { accepted: list.map((c) => store(c, 'bulk')), rejected: [] });
    }
    const c = JSON.parse(body) as ConversationInput;
    accept(res, store(c, Date.parse(c.endedAt) < api.runStartedAt ? 'probe' : 'live'));
  };
  return api;
}

const base = (url: string): SimulatorOptions => ({
  url,
  key: 'vk_test',
  rate: 40,
  durationSeconds: 1.5,
  seed: 'spec',
  incidents: true,
  datasetsDir: null,
  log: () => undefined,
});

describe('runSimulator', () => {
  it('posts valid conversations one by one at about the target rate', async () => {
    const seen: string[] = [];
    const invalid: unknown[] = [];
    let auth: string | undefined;
    await withServer(
      (req, body, res) => {
        auth = req.headers.authorization;
        expect(req.url).toBe('/api/v1/conversations');
        const parsed = JSON.parse(body);
        const result = validateConversation(parsed);
        if (!result.ok) invalid.push(result.errors);
        seen.push(parsed.externalId);
        accept(res, {
          id: `id-${seen.length}`,
          externalId: parsed.externalId,
          source: parsed.source,
          created: true,
        });
      },
      async (url) => {
        const lines: string[] = [];
        const summary = await runSimulator({
          ...base(url),
          log: (l) => lines.push(l),
          statusIntervalMs: 500,
        });
        expect(summary.stoppedBy).toBe('duration');
        expect(summary.accepted).toBe(seen.length);
        expect(summary.accepted).toBeGreaterThanOrEqual(45);
        expect(summary.accepted).toBeLessThanOrEqual(75);
        expect(summary).toMatchObject({ rejected: 0, errors: 0, dropped: 0 });
        expect(lines.some((l) => /incidents .*with this seed/.test(l))).toBe(true);
        expect(lines.some((l) => /sent \d+ accepted \d+ rejected 0 errors 0 rate [\d.]+\/s/.test(l))).toBe(
          true,
        );
      },
    );
    expect(auth).toBe('Bearer vk_test');
    expect(invalid).toEqual([]);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('posts batches through the bulk endpoint and counts rejected items', async () => {
    const sizes: number[] = [];
    await withServer(
      (req, body, res) => {
        expect(req.url).toBe('/api/v1/conversations/bulk');
        const list = JSON.parse(body) as Array<{ externalId: string; source: string }>;
        sizes.push(list.length);
        accept(res, {
          accepted: list
            .slice(1)
            .map((c, i) => ({ id: `x${i}`, externalId: c.externalId, source: c.source, created: true })),
          rejected: [{ index: 0, errors: [{ field: 'team', message: 'test' }] }],
        });
      },
      async (url) => {
        const summary = await runSimulator({ ...base(url), rate: 100, bulk: 25 });
        expect(summary.sent).toBe(summary.accepted + summary.rejected);
        expect(summary.rejected).toBe(sizes.length);
        expect(Math.max(...sizes)).toBe(25);
        expect(summary.sent).toBeGreaterThanOrEqual(120);
      },
    );
  });

  it('with --history, first posts the past minutes backdated in bulk, then live traffic from where they end', async () => {
    const api = fakeIngestApi();
    const startedAt = Date.now();
    await withServer(api.handler, async (url) => {
      const summary = await runSimulator({
        ...base(url),
        rate: 2,
        durationSeconds: 2,
        historyMinutes: 10,
      });
      expect(summary.stoppedBy).toBe('duration');
    });
    const stored = [...api.stored.values()];
    const history = stored.filter((c) => c.endedAt < startedAt + 1_000 && c.via !== 'live');
    const live = stored.filter((c) => c.via === 'live').map((c) => c.endedAt);
    // Ten minutes at 2 a second, every one valid, spread evenly over the ten minutes before live
    // traffic; the probes for an earlier run's history (none here) are history conversations too.
    const times = history.map((h) => h.endedAt);
    expect(stored.every((c) => c.valid)).toBe(true);
    expect(Math.abs(history.length - 1200)).toBeLessThanOrEqual(3);
    expect(api.stored.size).toBe(history.length + live.length);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(startedAt - 10 * 60_000);
    expect(Math.min(...times)).toBeLessThan(startedAt - 10 * 60_000 + 2_000);
    const perMinute = new Map<number, number>();
    for (const t of times)
      perMinute.set(
        Math.floor((t - startedAt) / 60_000),
        (perMinute.get(Math.floor((t - startedAt) / 60_000)) ?? 0) + 1,
      );
    for (const n of perMinute.values()) expect(n).toBeLessThanOrEqual(122);
    expect(live.length).toBeGreaterThan(0);
    expect(Math.min(...live)).toBeGreaterThanOrEqual(Math.max(...times));
  });

  it('restarted with --history, sees the history an earlier run posted and skips it', async () => {
    const api = fakeIngestApi();
    const runs: Array<{ lines: string[]; summary: SimulatorSummary }> = [];
    await withServer(api.handler, async (url) => {
      for (const seed of ['first', 'second']) {
        const lines: string[] = [];
        api.startRun();
        // A restart is another process: another seed (the demo's is random), the same rate.
        const summary = await runSimulator({
          ...base(url),
          seed,
          rate: 2,
          durationSeconds: 1,
          historyMinutes: 10,
          log: (l) => lines.push(l),
        });
        runs.push({ lines, summary });
      }
    });
    const [first, second] = runs;
    expect(first!.lines).toContainEqual(expect.stringMatching(/history: posting the last 10 min/));
    expect(second!.lines).toContainEqual(expect.stringMatching(/history already present/));
    // Ten minutes and a second of live traffic stored once, plus the seconds between the runs.
    const history = [...api.stored.values()].filter((c) => c.via !== 'live');
    expect(Math.abs(history.length - 1200)).toBeLessThanOrEqual(12);
    expect(api.duplicates).toBeLessThan(40);
  });

  it('backs off on 429 and 503 and retries the same conversations', async () => {
    let calls = 0;
    const accepted = new Set<string>();
    await withServer(
      (_req, body, res) => {
        calls++;
        const parsed = JSON.parse(body);
        if (calls === 3) return res.writeHead(429, { 'retry-after': '0' }).end();
        if (calls === 6) return res.writeHead(503).end('{"message":"busy"}');
        if (calls === 9) return res.destroy();
        accepted.add(parsed.externalId);
        accept(res, { id: String(calls) });
      },
      async (url) => {
        const summary = await runSimulator({ ...base(url), rate: 20, durationSeconds: 2.5, maxInFlight: 1 });
        expect(summary.errors).toBe(3);
        expect(summary.accepted).toBe(accepted.size);
        expect(summary.sent).toBe(summary.accepted + summary.dropped);
        expect(summary.accepted).toBeGreaterThan(10);
      },
    );
  });

  it('does not crash when nothing listens, and stops on abort', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 800);
    const summary = await runSimulator(
      { ...base('http://127.0.0.1:9'), durationSeconds: undefined },
      controller.signal,
    );
    expect(summary.stoppedBy).toBe('signal');
    expect(summary.accepted).toBe(0);
    expect(summary.errors).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops with a clear reason when the key is refused', async () => {
    await withServer(
      (_req, _body, res) =>
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"invalid api key"}'),
      async (url) => {
        const lines: string[] = [];
        const summary = await runSimulator({ ...base(url), durationSeconds: 10, log: (l) => lines.push(l) });
        expect(summary.stoppedBy).toBe('fatal');
        expect(summary.fatal).toMatch(/HTTP 401 \(invalid api key\): the API refused the ingest key/);
        expect(summary.elapsedMs).toBeLessThan(3000);
        expect(lines.some((l) => l.includes('stopped: HTTP 401'))).toBe(true);
      },
    );
  });
});
