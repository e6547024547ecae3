import { io, type Socket } from 'socket.io-client';
import {
  SOCKET_EVENTS,
  type ClientToServerEvents,
  type ConversationSummary,
  type OverviewDelta,
  type OverviewSnapshot,
  type Page,
  type QaCriteriaSnapshot,
  type ServerToClientEvents,
} from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, waitFor, type Stack } from '../support/stack';
import { addUser, signIn } from '../support/users';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A live socket of a signed-in user, with everything it is sent. */
interface Listener {
  socket: LiveSocket;
  snapshots: Array<OverviewSnapshot & { room: string }>;
  updates: OverviewDelta[];
  scored: string[];
  errors: string[];
}

const TOPIC = 'billing.double_charge';

/**
 * A manager limited to team "alpha", against the real pipeline (workers running): the same
 * conversations of "alpha", "beta" and no team, seen by an admin and by the manager — in lists,
 * details, the overview and its breakdowns, agent and topic views, QA criteria, and live pushes.
 */
describe('team scoping', () => {
  let db: TestDatabase;
  let stack: Stack;
  let admin: ApiClient;
  let manager: ApiClient;
  const ingest = () => ApiClient.ingest(stack.url);
  const sockets: LiveSocket[] = [];
  const alpha: string[] = [];
  const beta: string[] = [];
  let teamless: string;
  const window = () =>
    `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;

  const post = async (overrides: Parameters<typeof conversation>[0]): Promise<string> => {
    const res = await ingest().post('/api/v1/conversations', conversation(overrides));
    expect(res.status).toBe(202);
    return res.body.id;
  };

  const scored = (ids: string[]) =>
    waitFor(
      'the conversations to be scored',
      async () => {
        for (const id of ids) {
          if ((await admin.get(`/api/v1/conversations/${id}`)).body.status !== 'scored') return false;
        }
        return true;
      },
      30_000,
    );

  const listen = async (client: ApiClient): Promise<Listener> => {
    const socket: LiveSocket = io(stack.url, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { cookie: client.cookieHeader },
      reconnection: false,
    });
    sockets.push(socket);
    const listener: Listener = { socket, snapshots: [], updates: [], scored: [], errors: [] };
    socket.on(SOCKET_EVENTS.overviewSnapshot, (s) => listener.snapshots.push(s));
    socket.on(SOCKET_EVENTS.overviewUpdate, (u) => listener.updates.push(u));
    socket.on(SOCKET_EVENTS.conversationsScored, (e) => listener.scored.push(...e.ids));
    socket.on(SOCKET_EVENTS.subscriptionError, (e) => listener.errors.push(e.message));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return listener;
  };

  const overview = async (client: ApiClient, filter = ''): Promise<OverviewSnapshot> => {
    const res = await client.get(`/api/v1/metrics/overview?${window()}${filter}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  const criteria = async (client: ApiClient, filter = ''): Promise<QaCriteriaSnapshot['criteria']> => {
    const res = await client.get(`/api/v1/metrics/qa-criteria?${window()}&granularity=hour${filter}`);
    expect(res.status).toBe(200);
    return (res.body as QaCriteriaSnapshot).criteria;
  };
  const counts = (list: QaCriteriaSnapshot['criteria']) =>
    list.map((c) => ({ key: c.key, met: c.met, notMet: c.notMet }));

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    admin = await ApiClient.admin(stack.url);
    const { email } = await addUser(admin, 'manager', { teams: ['alpha'] });
    manager = await signIn(stack.url, email);

    // Agent a-1 works for both teams; e-mail is beta's channel only.
    const greeting = { role: 'agent' as const, authorId: 'a-1', text: 'Hello, thank you for contacting us!' };
    for (let i = 0; i < 3; i++) {
      alpha.push(await post({ team: 'alpha', channel: 'chat', agents: [{ id: 'a-1', kind: 'human' }] }));
    }
    beta.push(await post({ team: 'beta', channel: 'email' }));
    beta.push(
      await post({
        team: 'beta',
        channel: 'email',
        agents: [{ id: 'a-1', kind: 'human' }],
        messages: [greeting, { role: 'customer', text: 'I was charged twice, this is terrible.' }],
      }),
    );
    teamless = await post({ team: undefined, channel: 'chat' });
    await scored([...alpha, ...beta, teamless]);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await stack?.stop();
    await db?.drop();
  });

  it('lists only the teams’ conversations, and refuses to list another team', async () => {
    const all = (await admin.get('/api/v1/conversations')).body as Page<ConversationSummary>;
    expect(all.total).toBe(6);
    const own = (await manager.get('/api/v1/conversations')).body as Page<ConversationSummary>;
    expect(own.total).toBe(3);
    expect(own.items.map((c) => c.id).sort()).toEqual([...alpha].sort());
    expect((await manager.get('/api/v1/conversations?team=alpha')).body.total).toBe(3);
    expect((await manager.get('/api/v1/conversations?agent=a-1')).body.total).toBe(3);
    expect((await manager.get('/api/v1/conversations?channel=email')).body.total).toBe(0);

    const refused = await manager.get('/api/v1/conversations?team=beta');
    expect(refused.status).toBe(403);
    expect(refused.body.errors).toEqual([
      { field: 'query.team', message: 'is not one of your teams (alpha)' },
    ]);
  });

  it('answers 404 for another team’s conversation, or one without a team', async () => {
    expect((await manager.get(`/api/v1/conversations/${alpha[0]}`)).status).toBe(200);
    expect((await manager.get(`/api/v1/conversations/${beta[0]}`)).status).toBe(404);
    expect((await manager.get(`/api/v1/conversations/${teamless}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/conversations/${beta[0]}`)).status).toBe(200);
  });

  it('sums the overview from the teams’ own series, with only their rows in the breakdowns', async () => {
    const everything = await overview(admin);
    expect(everything.totals.conversations).toBe(6);
    expect(everything.byChannel.length).toBeGreaterThan(0);

    const own = await overview(manager);
    const alphaView = await overview(admin, '&team=alpha');
    expect(own.totals).toEqual(alphaView.totals);
    expect(own.series).toEqual(alphaView.series);
    expect(own.byTeam.map((r) => r.value)).toEqual(['alpha']);
    // Channel and topic rollups count every team: not for a user limited to teams.
    expect(own.byChannel).toEqual([]);
    expect(own.topics).toEqual([]);
    expect(own.query.team).toBeUndefined();

    expect((await overview(manager, '&team=alpha')).totals).toEqual(alphaView.totals);
    const refused = await manager.get(`/api/v1/metrics/overview?${window()}&team=beta`);
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].field).toBe('query.team');
  });

  it('counts an agent page, a topic page and a channel from the teams’ conversations only', async () => {
    // a-1 has four conversations in all, three of them alpha's.
    expect((await overview(admin, '&agent=a-1')).totals.conversations).toBe(4);
    const agent = await overview(manager, '&agent=a-1');
    expect(agent.totals.conversations).toBe(3);
    expect(agent.series.reduce((sum, p) => sum + p.conversations, 0)).toBe(3);
    expect((await overview(manager, '&agent=a-2')).totals.conversations).toBe(0);

    const everyTopic = await overview(admin, `&topic=${TOPIC}`);
    expect(everyTopic.totals.conversations).toBeGreaterThan(3);
    const topic = await overview(manager, `&topic=${TOPIC}`);
    expect(topic.totals.conversations).toBe(3);
    expect(topic.topics).toEqual([
      expect.objectContaining({ key: TOPIC, label: 'Charged twice', conversations: 3, share: 1 }),
    ]);
    // The same numbers as the workers' rollups of those conversations (summed in another order).
    const kept = (await overview(admin, '&team=alpha')).totals;
    expect(topic.totals.messages).toBe(kept.messages);
    expect(topic.totals.sentiment).toBeCloseTo(kept.sentiment!, 10);
    expect(topic.totals.qaScore).toBeCloseTo(kept.qaScore!, 10);

    expect((await overview(admin, '&channel=email')).totals.conversations).toBe(2);
    expect((await overview(manager, '&channel=email')).totals.conversations).toBe(0);
    const chat = await overview(manager, '&channel=chat');
    expect(chat.totals.conversations).toBe(3);
    expect(chat.byChannel).toEqual([expect.objectContaining({ value: 'chat', conversations: 3 })]);
  });

  it('counts QA criteria of the teams only, overall and per agent', async () => {
    const alphaCounts = counts(await criteria(admin, '&team=alpha'));
    expect(counts(await criteria(manager))).toEqual(alphaCounts);
    expect(counts(await criteria(manager, '&agent=a-1'))).toEqual(alphaCounts);
    // The admin's a-1 includes beta's greeting; the manager's does not.
    const greeting = (list: QaCriteriaSnapshot['criteria']) => list.find((c) => c.key === 'greeting')!.met;
    expect(greeting(await criteria(admin, '&agent=a-1'))).toBe(
      greeting(await criteria(manager, '&agent=a-1')) + 1,
    );
    expect((await manager.get(`/api/v1/metrics/qa-criteria?${window()}&team=beta`)).status).toBe(403);
  });

  it('offers the teams there are to choose from: every one to an admin, their own to the manager', async () => {
    expect((await admin.get('/api/v1/teams')).body).toEqual(['alpha', 'beta']);
    expect((await manager.get('/api/v1/teams')).body).toEqual(['alpha']);
  });

  it('pushes only the teams’ numbers and conversations live, and refuses another team’s view', async () => {
    const own = await listen(manager);
    const everyone = await listen(admin);
    own.socket.emit(SOCKET_EVENTS.overviewSubscribe, { windowMinutes: 60, team: 'beta' });
    await waitFor('the refusal', () => own.errors.length > 0);
    expect(own.errors[0]).toMatch(/^team: is not one of your teams/);
    expect(own.snapshots).toEqual([]);

    own.socket.emit(SOCKET_EVENTS.feedSubscribe);
    everyone.socket.emit(SOCKET_EVENTS.feedSubscribe);
    own.socket.emit(SOCKET_EVENTS.overviewSubscribe, { windowMinutes: 60 });
    everyone.socket.emit(SOCKET_EVENTS.overviewSubscribe, { windowMinutes: 60 });
    const [snapshot] = await waitFor(
      'the manager’s snapshot',
      () => own.snapshots.length > 0 && own.snapshots,
    );
    expect(snapshot!.totals.conversations).toBe(3);
    expect(snapshot!.byTeam.map((r) => r.value)).toEqual(['alpha']);
    await waitFor('the admin’s snapshot', () => everyone.snapshots.length > 0);
    expect(everyone.snapshots[0]!.totals.conversations).toBe(6);
    expect(everyone.snapshots[0]!.room).not.toBe(snapshot!.room);

    const newBeta = await post({ team: 'beta' });
    const newAlpha = await post({ team: 'alpha', agents: [{ id: 'a-1', kind: 'human' }] });
    await waitFor('both on the admin’s feed', () =>
      [newBeta, newAlpha].every((id) => everyone.scored.includes(id)),
    );
    await waitFor('the admin’s overview to count both', () =>
      everyone.updates.some((u) => u.snapshot.totals.conversations === 8),
    );
    await waitFor('alpha’s on the manager’s feed', () => own.scored.includes(newAlpha));
    await waitFor('the manager’s overview to count alpha’s', () =>
      own.updates.some((u) => u.snapshot.totals.conversations === 4),
    );
    expect(own.scored).not.toContain(newBeta);
    expect(own.updates.every((u) => u.snapshot.totals.conversations <= 4)).toBe(true);
    expect(own.updates.every((u) => u.snapshot.byTeam.every((r) => r.value === 'alpha'))).toBe(true);

    // A channel view within the teams is counted from their conversations too.
    own.socket.emit(SOCKET_EVENTS.overviewSubscribe, { windowMinutes: 60, channel: 'chat' });
    await waitFor('the chat snapshot', () => own.snapshots.some((s) => s.query.channel === 'chat'));
    expect(own.snapshots.find((s) => s.query.channel === 'chat')!.totals.conversations).toBe(4);
  });
});
