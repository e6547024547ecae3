import type { Client } from 'pg';
import { validateConversation, type ConversationDetail, type OutlierSignalDetail } from '@vigil/contracts';
import { EMPTY_NORM, addToNorm, measureConversation, toLogScale } from '@vigil/engine';
import { ApiClient } from '../support/client';
import type { TestDatabase } from '../support/database';
import { waitFor, type RunningProcess, type Stack } from '../support/stack';
import { chatLeftOpen, ordinaryChat } from '../support/outliers';
import { signInAs } from '../support/users';
import { startStackWithWorkers, type WorkersStack } from '../support/workers-stack';

const ORDINARY = 64;

/**
 * Per-conversation outliers end to end, with two workers processes: ingest → scoring → norms in
 * Postgres → signal on the conversation → the detail API.
 */
describe('conversation outliers against the team and channel, two workers processes', () => {
  let db: TestDatabase;
  let stack: Stack;
  let ingest: ApiClient;
  let admin: ApiClient;
  let pg: Client;
  let workers: RunningProcess[];
  let running: WorkersStack | undefined;
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> =>
    (await pg.query(sql, params)).rows[0] as T;
  const normCount = async (team: string) =>
    (
      await one<{ n: number | null }>(
        `SELECT conversations::int AS n FROM conversation_norm
          WHERE team = $1 AND channel = 'chat' AND metric = 'handle_time'`,
        [team],
      )
    )?.n ?? 0;

  beforeAll(async () => {
    running = await startStackWithWorkers({ VIGIL_SCORE_BATCH_WAIT_MS: '20', VIGIL_SCORE_BATCH_SIZE: '6' });
    ({ db, stack, workers, ingest, admin, pg } = running);
  }, 60_000);
  afterAll(() => running?.stop());

  it('learns the norms exactly, flags only the conversation left open, and the API returns it', async () => {
    // Ordinary traffic, posted one by one and all at once, so both processes score batches of it.
    const inputs = Array.from({ length: ORDINARY }, (_, i) => ordinaryChat(i));
    const posts = await Promise.all(inputs.map((c) => ingest.post('/api/v1/conversations', c)));
    expect(posts.every((p) => p.status === 202)).toBe(true);
    await waitFor(
      'the ordinary conversations in the norms',
      async () => (await normCount('billing')) === ORDINARY,
      90_000,
      250,
    );

    // Exact whatever the interleaving: every stored norm is the one-pass norm of what was posted.
    const measures = inputs.map((c) => {
      const valid = validateConversation(c);
      if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
      return measureConversation(valid.value);
    });
    const stored = (
      await pg.query<{ metric: string; conversations: number; mean: number; m2: number }>(
        `SELECT metric, conversations::int AS conversations, mean, m2 FROM conversation_norm
          WHERE team = 'billing' AND channel = 'chat' ORDER BY metric`,
      )
    ).rows;
    expect(stored.map((r) => r.metric)).toEqual(['handle_time', 'messages', 'silence', 'transfers']);
    for (const row of stored) {
      const exact = measures
        .map((m) => m[row.metric as keyof typeof m]!)
        .map(toLogScale)
        .reduce(addToNorm, EMPTY_NORM);
      expect(row.conversations).toBe(ORDINARY);
      expect(row.mean).toBeCloseTo(exact.mean, 9);
      expect(row.m2).toBeCloseTo(exact.m2, 9);
    }
    expect(await one(`SELECT count(*)::int AS n FROM conversation_signal`)).toEqual({ n: 0 });

    // One chat left open for 48 minutes in billing (64 earlier conversations), and one in a team
    // with no history, which stays quiet.
    const [open, newTeam] = await Promise.all([
      ingest.post('/api/v1/conversations', chatLeftOpen('billing')),
      ingest.post('/api/v1/conversations', chatLeftOpen('collections')),
    ]);
    expect([open.status, newTeam.status]).toEqual([202, 202]);
    await waitFor(
      'both in the norms',
      async () => (await normCount('billing')) === ORDINARY + 1 && (await normCount('collections')) === 1,
      60_000,
      250,
    );
    const signals = (
      await pg.query<{ conversation_id: string; kind: string; detail: OutlierSignalDetail }>(
        `SELECT conversation_id, kind, detail FROM conversation_signal`,
      )
    ).rows;
    expect(signals.map((s) => [s.conversation_id, s.kind])).toEqual([
      [open.body.id as string, 'outlier_handle_time'],
    ]);
    const detail = signals[0]!.detail;
    expect(detail).toMatchObject({
      metric: 'handle_time',
      value: 2880,
      direction: 'above',
      conversations: ORDINARY,
      team: 'billing',
      channel: 'chat',
    });
    expect(detail.expected).toBeGreaterThan(400);
    expect(detail.expected).toBeLessThan(700);
    expect(detail.z).toBeGreaterThan(5);

    // The conversation detail carries it, for every role that reads conversations.
    const shown = (await admin.get(`/api/v1/conversations/${open.body.id}`)).body as ConversationDetail;
    expect(shown.signals).toEqual([{ kind: 'outlier_handle_time', detail }]);
    const trainer = await signInAs(stack.url, db.url, 'trainer');
    const forTrainer = await trainer.get(`/api/v1/conversations/${open.body.id}`);
    expect(forTrainer.status).toBe(200);
    expect((forTrainer.body as ConversationDetail).signals).toEqual([
      { kind: 'outlier_handle_time', detail },
    ]);
    const plain = (await admin.get(`/api/v1/conversations/${posts[ORDINARY - 1]!.body.id}`))
      .body as ConversationDetail;
    expect(plain.signals).toEqual([]);
    for (const w of workers) expect(w.child.exitCode).toBeNull();
  }, 180_000);

  it('shows cross-account signals on the conversation only to readers of flags', async () => {
    const res = await ingest.post('/api/v1/conversations', ordinaryChat(99, 'fraud-line'));
    await waitFor('scored', async () => (await normCount('fraud-line')) === 1, 60_000, 250);
    await pg.query(
      `INSERT INTO conversation_signal (conversation_id, kind, detail) VALUES ($1, 'shared_ip', '{"value":"203.0.113.7","accounts":4}')`,
      [res.body.id],
    );
    const signalsFor = async (client: ApiClient) =>
      ((await client.get(`/api/v1/conversations/${res.body.id}`)).body as ConversationDetail).signals;
    expect((await signalsFor(admin)).map((s) => s.kind)).toEqual(['shared_ip']);
    expect(await signalsFor(await signInAs(stack.url, db.url, 'manager'))).toHaveLength(1);
    expect(await signalsFor(await signInAs(stack.url, db.url, 'trainer'))).toEqual([]);
  }, 60_000);
});
