import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { TEST_INGEST_KEY, startStack, type Stack } from '../support/stack';

/**
 * Hostile input at the ingest edge, as a fuzzer sends it: thousands of generated payloads against
 * the real API and Postgres. Whatever comes in, the answer is never a 5xx, every conversation
 * answered 202 can be read back, and the API stays healthy.
 */

// A seeded PRNG (mulberry32) so a failure can be replayed from FUZZ_SEED.
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = rnd() < 0.5 ? { n: v } : [v];
  return v;
}

const HOSTILE_VALUES: (() => unknown)[] = [
  () => null,
  () => true,
  () => 0,
  () => -1,
  () => 1e308,
  () => -1e308,
  () => 2 ** 53 + 2,
  () => 0.1 + 0.2,
  () => '',
  () => ' ',
  () => 'x'.repeat(25_000),
  () => 'a\u0000b',
  () => '\u0000',
  () => 'half an emoji \uD83D',
  () => '\uDE00 low first',
  () => '\u0001\u0002\u001b[31m\u007f',
  () => '<script>alert(1)</script><img src=x onerror=alert(1)>',
  () => "'; DROP TABLE conversation; --",
  () => '😡'.repeat(100),
  () => '\u202Eevil\u202C',
  () => '0000-01-01T00:00:00Z',
  () => '1899-12-31T23:59:59+00:00',
  () => '9999-12-31T23:59:59Z',
  () => '2026-02-30T10:00:00Z',
  () => '2026-11-23T10:00:00',
  () => '+275760-09-13T00:00:00Z',
  () => [],
  () => [1, 'two', null],
  () => ({}),
  () => ({ __proto__: { admin: true } }),
  () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
  () => nested(40),
  () => nested(300),
];

const FIELDS: string[][] = [
  ['externalId'],
  ['source'],
  ['channel'],
  ['language'],
  ['startedAt'],
  ['endedAt'],
  ['team'],
  ['agents'],
  ['agents', '0'],
  ['agents', '0', 'id'],
  ['agents', '0', 'name'],
  ['agents', '0', 'kind'],
  ['customer'],
  ['customer', 'id'],
  ['messages'],
  ['messages', '0'],
  ['messages', '0', 'role'],
  ['messages', '0', 'text'],
  ['messages', '0', 'at'],
  ['messages', '1', 'text'],
  ['metadata'],
  ['metadata', 'csat'],
  ['metadata', 'voice', 'syntheticSpeechScore'],
  ['metadata', 'contact', 'phone'],
  ['metadata', 'auth', 'failedAttempts'],
  ['metadata', 'tags'],
  ['metadata', 'crm'],
  ['metadata', '__proto__'],
  ['metadata', 'bad\u0000key'],
  ['unknownField'],
];

/** A valid conversation with one to three fields replaced by hostile values. */
function hostileConversation(i: number): Record<string, unknown> {
  const c = JSON.parse(
    JSON.stringify(
      conversation({
        externalId: `fuzz-${SEED}-${i}`,
        messages: [
          { role: 'customer', text: 'I was charged twice!' },
          { role: 'agent', text: 'Sorry, let me check.' },
        ],
      }),
    ),
  ) as Record<string, unknown>;
  const changes = 1 + Math.floor(rnd() * 3);
  for (let k = 0; k < changes; k++) {
    const path = pick(FIELDS);
    let target = c as Record<string, unknown>;
    for (const key of path.slice(0, -1)) {
      if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    const value = pick(HOSTILE_VALUES)();
    if (rnd() < 0.1) delete target[path[path.length - 1]!];
    else target[path[path.length - 1]!] = value;
  }
  return c;
}

/** Bodies that are not a JSON document at all. */
const RAW_BODIES: (string | Uint8Array)[] = [
  '',
  '{',
  'null',
  '[]',
  '"just a string"',
  '{"externalId": "x", "source": "y", "channel": "chat", "messages": [}',
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]), // invalid UTF-8
  `{"externalId":"raw-\\ud800","source":"fuzz","channel":"chat"}`,
  '{"__proto__":{"polluted":true},"externalId":"p","source":"fuzz"}',
  '['.repeat(5000) + ']'.repeat(5000),
];

describe('the ingest edge under fuzzing', () => {
  let db: TestDatabase;
  let stack: Stack;
  let ingest: ApiClient;
  const accepted = new Set<string>();
  const statuses = new Map<number, number>();
  const serverErrors: string[] = [];

  const record = (status: number, what: string, body: unknown) => {
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (status >= 500)
      serverErrors.push(`${status} for ${what.slice(0, 300)}: ${JSON.stringify(body).slice(0, 300)}`);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      env: { VIGIL_BULK_MAX_CONVERSATIONS: '50', VIGIL_INGEST_RATE_LIMIT_PER_MINUTE: '1000000' },
    });
    ingest = ApiClient.ingest(stack.url);
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('answers 2,000 hostile single posts with no 5xx', async () => {
    for (let i = 0; i < 2000; i++) {
      const body = hostileConversation(i);
      const res = await ingest.post('/api/v1/conversations', body);
      record(res.status, JSON.stringify(body), res.body);
      if (res.status === 202) accepted.add(res.body.id);
      else expect(res.status).toBeGreaterThanOrEqual(400);
      if (res.status === 400) expect(res.body.errors?.length ?? res.body.message).toBeTruthy();
    }
    expect(serverErrors).toEqual([]);
    // The generator must produce both outcomes, or it tests nothing.
    expect(statuses.get(400)).toBeGreaterThan(500);
    expect(accepted.size).toBeGreaterThan(50);
  });

  it('answers bulk batches of good and hostile conversations (JSON and NDJSON) with no 5xx, keeping every good one', async () => {
    for (let b = 0; b < 100; b++) {
      const items = Array.from({ length: 1 + Math.floor(rnd() * 20) }, (_, k) =>
        rnd() < 0.4
          ? conversation({ externalId: `fuzz-bulk-${SEED}-${b}-${k}` })
          : hostileConversation(10_000 + b * 100 + k),
      );
      const ndjson = b % 2 === 1;
      const res = ndjson
        ? await ingest.post(
            '/api/v1/conversations/bulk',
            items.map((c) => JSON.stringify(c)).join('\n') + (rnd() < 0.5 ? '\n{broken' : ''),
            'application/x-ndjson',
          )
        : await ingest.post('/api/v1/conversations/bulk', items);
      record(res.status, `bulk ${b}`, res.body);
      if (res.status === 202) for (const a of res.body.accepted) accepted.add(a.id);
    }
    expect(serverErrors).toEqual([]);
  });

  it('answers bodies that are not JSON documents with 4xx', async () => {
    for (const [i, body] of RAW_BODIES.entries()) {
      for (const path of ['/api/v1/conversations', '/api/v1/conversations/bulk']) {
        const res = await fetch(stack.url + path, {
          method: 'POST',
          headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' },
          body,
        });
        const text = await res.text();
        record(res.status, `raw body ${i} to ${path}`, text);
        if (res.status === 202)
          for (const a of JSON.parse(text).accepted ?? [JSON.parse(text)]) accepted.add(a.id);
        expect(res.status).toBeLessThan(500);
      }
    }
    expect(serverErrors).toEqual([]);
  });

  it('reads back every conversation it answered 202, and stays healthy', async () => {
    const admin = await ApiClient.admin(stack.url);
    const ids = [...accepted];
    const missing: string[] = [];
    for (let i = 0; i < ids.length; i += 25) {
      const reads = await Promise.all(
        ids.slice(i, i + 25).map((id) => admin.get(`/api/v1/conversations/${id}`)),
      );
      reads.forEach((r, k) => {
        record(r.status, `read ${ids[i + k]}`, r.body);
        if (r.status !== 200) missing.push(`${ids[i + k]}: ${r.status}`);
      });
    }
    expect(missing).toEqual([]);
    expect(serverErrors).toEqual([]);
    const health = await fetch(`${stack.url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', postgres: 'up' });
  });
});
