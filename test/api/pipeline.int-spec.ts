import { io, type Socket } from 'socket.io-client';
import {
  SOCKET_EVENTS,
  type ClientToServerEvents,
  type OverviewSnapshot,
  type ServerToClientEvents,
} from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, waitFor, type Stack } from '../support/stack';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Ingest → queue → workers → Postgres → rollups → socket, with every part real. */
describe('the scoring pipeline and the live overview', () => {
  let db: TestDatabase;
  let stack: Stack;
  let ingest: ApiClient;
  let admin: ApiClient;
  const sockets: LiveSocket[] = [];

  const connect = (cookie?: string): LiveSocket => {
    const socket: LiveSocket = io(stack.url, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: cookie ? { cookie } : {},
      reconnection: false,
    });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    ingest = ApiClient.ingest(stack.url);
    admin = await ApiClient.admin(stack.url);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await stack?.stop();
    await db?.drop();
  });

  it('scores a posted conversation with evidence and counts it in the rollups', async () => {
    const posted = await ingest.post(
      '/api/v1/conversations',
      conversation({ team: 'retention', channel: 'email' }),
    );
    expect(posted.status).toBe(202);
    const detail = await waitFor('the conversation to be scored', async () => {
      const res = await admin.get(`/api/v1/conversations/${posted.body.id}`);
      return res.body.status === 'scored' && res.body;
    });
    const sentiment = detail.scores.sentiment;
    expect(sentiment.version).toEqual(expect.any(String));
    expect(sentiment.result.customer.overall).toBeLessThan(0);
    expect(detail.customerSentiment).toBe(sentiment.result.customer.overall);
    const quote = sentiment.evidence[0];
    const text: string = detail.conversation.messages[quote.messageIndex].text;
    expect(text.slice(quote.start, quote.end)).toBe(quote.quote);

    const overview = (await admin.get('/api/v1/metrics/overview?team=retention')).body as OverviewSnapshot;
    expect(overview.totals.conversations).toBe(1);
    expect(overview.totals.negativeShare).toBe(1);
    expect(overview.byTeam).toEqual([expect.objectContaining({ value: 'retention', conversations: 1 })]);
    expect(overview.totals.qaScore).toBe(detail.scores.qa.result.score);
    expect(overview.totals.emotions?.frustration).toBe(1);

    // Topics are counted per topic, with the labels of the taxonomy in force.
    const all = (await admin.get('/api/v1/metrics/overview')).body as OverviewSnapshot;
    expect(all.topics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key: 'billing.double_charge',
          label: 'Charged twice',
          conversations: 1,
          share: 1,
        }),
      ]),
    );
  });

  it('refuses a socket without a session', async () => {
    const socket = connect();
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
  });

  it('sends a snapshot on subscribe, then pushes updates as conversations are scored', async () => {
    const socket = connect(admin.cookieHeader);
    const snapshots: OverviewSnapshot[] = [];
    const updates: Array<{ total: number; points: number }> = [];
    const scored: string[] = [];
    socket.on(SOCKET_EVENTS.overviewSnapshot, (s) => snapshots.push(s));
    socket.on(SOCKET_EVENTS.overviewUpdate, (u) =>
      updates.push({ total: u.snapshot.totals.conversations, points: u.points.length }),
    );
    socket.on(SOCKET_EVENTS.conversationsScored, (e) => scored.push(...e.ids));
    await new Promise<void>((resolve) => socket.on('connect', resolve));
    socket.emit(SOCKET_EVENTS.feedSubscribe);
    socket.emit(SOCKET_EVENTS.overviewSubscribe, { windowMinutes: 60, team: 'billing' });
    const [snapshot] = await waitFor('the snapshot', () => snapshots.length > 0 && snapshots);
    const before = snapshot!.totals.conversations;

    const batch = await ingest.post('/api/v1/conversations/bulk', [
      conversation(),
      conversation(),
      conversation({ team: 'sales' }),
    ]);
    expect(batch.status).toBe(202);
    const ids: string[] = batch.body.accepted.map((a: { id: string }) => a.id);
    await waitFor('all three on the feed', () => ids.every((id) => scored.includes(id)));
    await waitFor('the billing view to count two more', () => updates.some((u) => u.total === before + 2));
    expect(updates.every((u) => u.points >= 1)).toBe(true);
    expect(updates.some((u) => u.total > before + 2)).toBe(false); // the sales one is not billing's
  });

  it('answers a bad subscription with an error event', async () => {
    const socket = connect(admin.cookieHeader);
    const error = new Promise<{ message: string }>((resolve) =>
      socket.on(SOCKET_EVENTS.subscriptionError, resolve),
    );
    socket.emit(SOCKET_EVENTS.overviewSubscribe, { windowMinutes: 100_000 });
    expect((await error).message).toMatch(/windowMinutes/);
  });
});
