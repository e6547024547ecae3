import { io, type Socket } from 'socket.io-client';
import {
  SOCKET_EVENTS,
  type ClientToServerEvents,
  type ConversationInput,
  type FlagDetail,
  type FlagOverview,
  type FlagPage,
  type FlagSummary,
  type RaisedFlag,
  type ServerToClientEvents,
} from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, waitFor, type Stack } from '../support/stack';
import { addUser, signIn } from '../support/users';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const CARD = 'no-sensitive-data-request';
const GUARANTEE = 'no-guaranteed-outcomes';

const customer = (text: string) => ({ role: 'customer' as const, text });
const agent = (text: string) => ({ role: 'agent' as const, authorId: 'a-17', text });

/** An agent asking for the full card number and PIN: the default policies' critical rule. */
const ASKS_FOR_CARD = [
  customer('My card was blocked, please help.'),
  agent('Sure. Please tell me your full card number and your PIN so I can check.'),
];
/** An agent promising a refund: the default policies' "no guaranteed outcomes". */
const PROMISES_REFUND = [
  customer('I want my money back, this is the second time.'),
  agent('I guarantee you will get a full refund by Friday.'),
];
const CLEAN = [
  customer('Hello, I was charged twice.'),
  agent('I am sorry about that, let me check it for you.'),
];

/**
 * The review queue through the API, against the real pipeline: conversations that break the shipped
 * default policies are posted with an ingest key, the workers score them with the real compliance
 * analyzer and raise flags in the scoring transaction; reviewers act on them; rescoring updates them
 * and never duplicates; the compliance overview counts what was decided.
 */
describe('flags and the review queue', () => {
  let db: TestDatabase;
  let stack: Stack;
  let admin: ApiClient;
  let compliance: ApiClient;
  let complianceId: string;
  let manager: ApiClient;
  let alphaManager: ApiClient;
  let trainer: ApiClient;
  let trainerId: string;
  const sockets: LiveSocket[] = [];
  const ids: Record<'card' | 'refund' | 'both' | 'clean', string> = {
    card: '',
    refund: '',
    both: '',
    clean: '',
  };

  const post = async (overrides: Partial<ConversationInput>): Promise<string> => {
    const res = await ApiClient.ingest(stack.url).post('/api/v1/conversations', conversation(overrides));
    expect(res.status).toBe(202);
    return res.body.id;
  };
  const scored = (list: string[]) =>
    waitFor(
      'the conversations to be scored',
      async () => {
        for (const id of list)
          if ((await admin.get(`/api/v1/conversations/${id}`)).body.status !== 'scored') return false;
        return true;
      },
      30_000,
    );
  const flags = async (client: ApiClient, query = ''): Promise<FlagPage> => {
    const res = await client.get(`/api/v1/flags?limit=200${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const flagsOf = async (conversationId: string): Promise<FlagSummary[]> =>
    (await flags(admin)).items.filter((f) => f.conversationId === conversationId);
  const flagOf = async (conversationId: string, ruleId: string): Promise<FlagSummary> => {
    const found = (await flagsOf(conversationId)).find((f) => f.ruleId === ruleId);
    if (!found) throw new Error(`no ${ruleId} flag on ${conversationId}`);
    return found;
  };
  const detail = async (id: string, client = compliance): Promise<FlagDetail> => {
    const res = await client.get(`/api/v1/flags/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const listen = async (client: ApiClient) => {
    const socket: LiveSocket = io(stack.url, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { cookie: client.cookieHeader },
      reconnection: false,
    });
    sockets.push(socket);
    const heard = { flags: [] as RaisedFlag[], errors: [] as string[] };
    socket.on(SOCKET_EVENTS.flagsRaised, (e) => heard.flags.push(...e.flags));
    socket.on(SOCKET_EVENTS.subscriptionError, (e) => heard.errors.push(e.message));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    socket.emit(SOCKET_EVENTS.flagsSubscribe);
    return heard;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    admin = await ApiClient.admin(stack.url);
    const officer = await addUser(admin, 'compliance', { name: 'Olga Officer' });
    complianceId = officer.id;
    compliance = await signIn(stack.url, officer.email);
    manager = await signIn(stack.url, (await addUser(admin, 'manager')).email);
    alphaManager = await signIn(stack.url, (await addUser(admin, 'manager', { teams: ['alpha'] })).email);
    const coach = await addUser(admin, 'trainer');
    trainerId = coach.id;
    trainer = await signIn(stack.url, coach.email);

    ids.card = await post({ team: 'alpha', channel: 'chat', messages: ASKS_FOR_CARD });
    ids.refund = await post({ team: 'beta', channel: 'email', messages: PROMISES_REFUND });
    ids.both = await post({
      team: 'alpha',
      channel: 'chat',
      messages: [...ASKS_FOR_CARD, ...PROMISES_REFUND],
    });
    ids.clean = await post({ team: 'alpha', channel: 'chat', messages: CLEAN });
    await scored(Object.values(ids));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await stack?.stop();
    await db?.drop();
  });

  it('raises one flag per violated rule from real violations, with the words as evidence', async () => {
    const card = await flagsOf(ids.card);
    expect(card.map((f) => [f.ruleId, f.severity, f.status, f.team, f.channel])).toEqual([
      [CARD, 'critical', 'open', 'alpha', 'chat'],
    ]);
    expect((await flagsOf(ids.refund)).map((f) => [f.ruleId, f.severity, f.team, f.channel])).toEqual([
      [GUARANTEE, 'medium', 'beta', 'email'],
    ]);
    expect((await flagsOf(ids.both)).map((f) => f.ruleId)).toEqual([CARD, GUARANTEE]);
    expect(await flagsOf(ids.clean)).toEqual([]);

    const d = await detail(card[0]!.id);
    expect(d.conversationId).toBe(ids.card);
    expect(d.ruleVersion).toBeTruthy();
    expect(d.evidence.length).toBeGreaterThan(0);
    const text = ASKS_FOR_CARD[1]!.text;
    for (const e of d.evidence) {
      expect(e.messageIndex).toBe(1);
      expect(text.slice(e.start, e.end)).toBe(e.quote);
    }
    expect(d.evidence.map((e) => e.quote).join(' ')).toMatch(/card number/);
    expect(d.history.map((h) => [h.kind, h.actor])).toEqual([['raised', 'system']]);
    expect(d.overdue).toBe(false);
    expect(Date.parse(d.dueAt) - Date.parse(d.raisedAt)).toBe(24 * 3_600_000);
  });

  it('pushes new flags live to those who may read the queue, within their teams', async () => {
    const officer = await listen(compliance);
    const limited = await listen(alphaManager);
    const coach = await listen(trainer);
    // Subscriptions are joined when the server has handled them: a round trip makes sure.
    await waitFor('the trainer to be refused', () => coach.errors.length > 0);
    expect(coach.errors[0]).toMatch(/flags/);
    await new Promise((r) => setTimeout(r, 300));

    const alpha = await post({ team: 'alpha', channel: 'chat', messages: PROMISES_REFUND });
    const beta = await post({ team: 'beta', channel: 'chat', messages: ASKS_FOR_CARD });
    await scored([alpha, beta]);
    await waitFor('both new flags to reach the compliance officer', () =>
      [alpha, beta].every((id) => officer.flags.some((f) => f.conversationId === id)),
    );
    await waitFor('alpha’s flag to reach the alpha manager', () =>
      limited.flags.some((f) => f.conversationId === alpha),
    );
    expect(limited.flags.every((f) => f.team === 'alpha')).toBe(true);
    expect(limited.flags.some((f) => f.conversationId === beta)).toBe(false);
    expect(coach.flags).toEqual([]);
    const pushed = officer.flags.find((f) => f.conversationId === alpha)!;
    expect(pushed).toMatchObject({ ruleId: GUARANTEE, severity: 'medium', team: 'alpha', channel: 'chat' });
  });

  it('filters and pages the queue (highest severity first, oldest first), each item with its conversation', async () => {
    const all = await flags(admin);
    expect(all.total).toBe(6);
    expect(all.slaHours).toBe(24);
    expect(all.items.map((f) => f.severity)).toEqual([
      'critical',
      'critical',
      'critical',
      'medium',
      'medium',
      'medium',
    ]);
    expect(all.items.every((f) => typeof f.conversationId === 'string' && f.externalId)).toBe(true);

    expect((await flags(admin, `&severity=critical`)).total).toBe(3);
    expect((await flags(admin, `&severity=critical,medium&rule=${GUARANTEE}`)).total).toBe(3);
    expect((await flags(admin, `&team=beta`)).items.map((f) => f.conversationId).sort()).toHaveLength(2);
    expect((await flags(admin, `&channel=email`)).items.map((f) => f.conversationId)).toEqual([ids.refund]);
    expect((await flags(admin, `&status=open`)).total).toBe(6);
    expect((await flags(admin, `&status=confirmed`)).total).toBe(0);
    expect((await flags(admin, `&assignee=none`)).total).toBe(6);
    expect((await flags(admin, `&minAgeHours=1`)).total).toBe(0);
    expect((await flags(admin, `&overdue=true`)).total).toBe(0);
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    expect((await flags(admin, `&from=${hourAgo}`)).total).toBe(6);
    expect((await flags(admin, `&to=${hourAgo}`)).total).toBe(0);

    // Keyset paging: two at a time, every flag once, in the same order.
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: FlagPage = (
        await admin.get(`/api/v1/flags?limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`)
      ).body;
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(page.total).toBe(6);
      seen.push(...page.items.map((f) => f.id));
      after = page.next;
    } while (after);
    expect(seen).toEqual(all.items.map((f) => f.id));

    const bad = await admin.get('/api/v1/flags?status=closed&after=nonsense&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'query.limit',
      'query.status',
    ]);
    const cursor = await admin.get('/api/v1/flags?after=nonsense');
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors[0].field).toBe('query.after');
  });

  it('lets managers read the queue but not act, keeps a team-limited one to their teams, and refuses trainers', async () => {
    const flag = await flagOf(ids.refund, GUARANTEE); // team beta
    expect((await flags(manager)).total).toBe(6);
    expect((await manager.get(`/api/v1/flags/${flag.id}`)).status).toBe(200);
    expect((await manager.post(`/api/v1/flags/${flag.id}/decision`, { status: 'confirmed' })).status).toBe(
      403,
    );
    expect((await manager.post(`/api/v1/flags/${flag.id}/assign`, { assignee: 'me' })).status).toBe(403);
    expect((await manager.post(`/api/v1/flags/${flag.id}/comments`, { text: 'hm' })).status).toBe(403);

    const limited = await flags(alphaManager);
    expect(limited.total).toBe(4);
    expect(limited.items.every((f) => f.team === 'alpha')).toBe(true);
    expect((await alphaManager.get(`/api/v1/flags/${flag.id}`)).status).toBe(404);
    const other = await alphaManager.get('/api/v1/flags?team=beta');
    expect(other.status).toBe(403);
    expect(other.body.errors[0].field).toBe('query.team');

    expect((await trainer.get('/api/v1/flags')).status).toBe(403);
    expect((await trainer.get(`/api/v1/flags/${flag.id}`)).status).toBe(403);
    expect((await trainer.get('/api/v1/flags/overview')).status).toBe(403);
  });

  it('assigns, decides and comments, each in the history and on the audit log, and refuses what it must', async () => {
    const card = await flagOf(ids.card, CARD);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await compliance.post(`/api/v1/flags/${missing}/decision`, { status: 'confirmed' })).status).toBe(
      404,
    );
    expect((await compliance.post(`/api/v1/flags/${missing}/comments`, { text: 'x' })).status).toBe(404);
    expect((await compliance.get(`/api/v1/flags/${missing}`)).status).toBe(404);

    // Assign: to me, then to someone who may not work flags (400 naming the field).
    let res = await compliance.post(`/api/v1/flags/${card.id}/assign`, { assignee: 'me' });
    expect(res.status).toBe(200);
    expect(res.body.assignee).toMatchObject({ id: complianceId, name: 'Olga Officer' });
    res = await compliance.post(`/api/v1/flags/${card.id}/assign`, { assignee: trainerId });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'assignee', message: 'that user may not work flags' }]);
    expect((await flags(compliance, '&assignee=me')).items.map((f) => f.id)).toEqual([card.id]);

    // In review, then a dismissal without a reason (400), a stale decision (409), a confirmation.
    res = await compliance.post(`/api/v1/flags/${card.id}/decision`, { status: 'in_review', version: 2 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'in_review', version: 3 });
    res = await compliance.post(`/api/v1/flags/${card.id}/decision`, { status: 'dismissed' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'reason', message: 'a dismissal needs a reason' }]);
    res = await compliance.post(`/api/v1/flags/${card.id}/decision`, { status: 'dismissed', reason: '   ' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('reason');
    res = await compliance.post(`/api/v1/flags/${card.id}/decision`, { status: 'confirmed', version: 2 });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/changed meanwhile/);
    expect(res.body.errors[0].field).toBe('version');
    res = await compliance.post(`/api/v1/flags/${card.id}/decision`, {
      status: 'confirmed',
      expectedStatus: 'open',
    });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].field).toBe('expectedStatus');
    res = await compliance.post(`/api/v1/flags/${card.id}/decision`, {
      status: 'confirmed',
      reason: 'Asked for the PIN outright',
      version: 3,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'confirmed', decisionReason: 'Asked for the PIN outright' });
    expect(res.body.decidedAt).toBeTruthy();
    // Decided is final.
    res = await compliance.post(`/api/v1/flags/${card.id}/decision`, { status: 'dismissed', reason: 'oops' });
    expect(res.status).toBe(409);

    res = await compliance.post(`/api/v1/flags/${card.id}/comments`, {
      text: 'Coaching booked with the agent.',
    });
    expect(res.status).toBe(201);
    res = await compliance.post(`/api/v1/flags/${card.id}/comments`, { text: '  ' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('text');

    const d = await detail(card.id);
    expect(d.comments.map((c) => [c.author, c.text])).toEqual([
      [expect.stringMatching(/^compliance-/), 'Coaching booked with the agent.'],
    ]);
    expect(d.history.map((h) => h.kind)).toEqual(['raised', 'assigned', 'status', 'status', 'commented']);
    expect(d.history[3]).toMatchObject({
      actorId: complianceId,
      details: { from: 'in_review', to: 'confirmed', reason: 'Asked for the PIN outright' },
    });

    // Dismiss one with a reason, escalate another.
    const both = await flagOf(ids.both, CARD);
    res = await compliance.post(`/api/v1/flags/${both.id}/decision`, {
      status: 'dismissed',
      reason: 'The customer asked how to change the PIN',
    });
    expect(res.status).toBe(200);
    expect(res.body.decisionReason).toBe('The customer asked how to change the PIN');

    const audit = await admin.get('/api/v1/audit?action=flag.');
    expect(audit.status).toBe(200);
    const actions = (audit.body.entries as Array<{ action: string; target: string }>)
      .filter((e) => e.target === `flag:${card.id}`)
      .map((e) => e.action)
      .reverse();
    expect(actions).toEqual(['flag.assigned', 'flag.decided', 'flag.decided', 'flag.commented']);
  });

  it('acts on many flags at once, each standing alone', async () => {
    const guarantee = await flagOf(ids.both, GUARANTEE);
    const confirmed = await flagOf(ids.card, CARD);
    const missing = '00000000-0000-4000-8000-000000000000';
    let res = await compliance.post('/api/v1/flags/bulk', {
      ids: [guarantee.id],
      action: 'decide',
      status: 'dismissed',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('reason');
    res = await manager.post('/api/v1/flags/bulk', { ids: [guarantee.id], action: 'assign', assignee: 'me' });
    expect(res.status).toBe(403);

    res = await compliance.post('/api/v1/flags/bulk', {
      ids: [guarantee.id, confirmed.id, missing],
      action: 'decide',
      status: 'escalated',
      reason: 'Legal should look at this',
    });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { id: guarantee.id, ok: true, status: 'escalated' },
      { id: confirmed.id, ok: false, statusCode: 409, error: expect.stringMatching(/decided/) },
      { id: missing, ok: false, statusCode: 404, error: expect.any(String) },
    ]);
    res = await compliance.post('/api/v1/flags/bulk', {
      ids: [guarantee.id],
      action: 'assign',
      assignee: 'me',
    });
    expect(res.body.results).toEqual([{ id: guarantee.id, ok: true, status: 'escalated' }]);
    expect((await detail(guarantee.id)).assignee?.id).toBe(complianceId);
  });

  it('rescoring updates flags and never duplicates them; a rule no longer broken closes open flags and keeps decided ones', async () => {
    const before = await flags(admin);
    const config = (await admin.get('/api/v1/settings/engine-config')).body;
    const policies = config.config.policies;
    // The guarantee rule is switched off: its open flags close, its decided (escalated) one stays.
    const saved = await compliance.put('/api/v1/settings/engine-config/policies', {
      policies: {
        ...policies,
        rules: policies.rules.map((r: { key: string }) =>
          r.key === GUARANTEE ? { ...r, enabled: false } : r,
        ),
      },
      note: 'guarantees are fine now',
    });
    expect(saved.status).toBe(200);
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const started = await compliance.post('/api/v1/settings/rescore', { from, to });
    expect(started.status).toBe(202);
    await waitFor(
      'the rescore to finish',
      async () => (await admin.get(`/api/v1/settings/rescore/${started.body.id}`)).body.status === 'done',
      30_000,
    );

    const after = await flags(admin);
    // One flag per conversation and rule still: none added, none lost.
    expect(after.total).toBe(before.total);
    const keys = after.items.map((f) => `${f.conversationId}/${f.ruleId}`);
    expect(new Set(keys).size).toBe(keys.length);

    // The card rule is still broken: its flags carry the new policy version, their decisions kept.
    const card = await flagOf(ids.card, CARD);
    expect(card.ruleVersion).toBe(String(saved.body.version));
    expect(card.status).toBe('confirmed');
    expect((await detail(card.id)).history.map((h) => h.kind)).toEqual([
      'raised',
      'assigned',
      'status',
      'status',
      'commented',
      'updated',
    ]);

    // An open guarantee flag is closed as no longer raised (not a reviewer's dismissal).
    const refund = await detail((await flagOf(ids.refund, GUARANTEE)).id);
    expect(refund.status).toBe('dismissed');
    expect(refund.decisionReason).toMatch(/No longer raised/);
    expect(refund.decidedAt).toBeNull();
    expect(refund.clearedAt).toBeTruthy();
    expect(refund.history.map((h) => [h.kind, h.actor])).toEqual([
      ['raised', 'system'],
      ['cleared', 'system'],
    ]);
    // The escalated one is kept as decided, noted in its history.
    const escalated = await detail((await flagOf(ids.both, GUARANTEE)).id);
    expect(escalated.status).toBe('escalated');
    expect(escalated.clearedAt).toBeTruthy();
    expect(escalated.history[escalated.history.length - 1]).toMatchObject({
      kind: 'cleared',
      details: { kept: true },
    });

    // Rescoring again with nothing new changes nothing.
    const again = await compliance.post('/api/v1/settings/rescore', { from, to });
    await waitFor(
      'the second rescore to finish',
      async () => (await admin.get(`/api/v1/settings/rescore/${again.body.id}`)).body.status === 'done',
      30_000,
    );
    expect((await detail(card.id)).version).toBe(card.version);
  });

  it('the compliance overview counts what was raised and decided, from the rollups', async () => {
    const all = (await flags(admin)).items;
    const res = await compliance.get(
      `/api/v1/flags/overview?from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`,
    );
    expect(res.status).toBe(200);
    const overview: FlagOverview = res.body;
    expect(overview.granularity).toBe('hour');
    const card = overview.rules.find((r) => r.ruleId === CARD)!;
    const guarantee = overview.rules.find((r) => r.ruleId === GUARANTEE)!;
    // Three card flags: one confirmed, one dismissed, one open; three guarantee flags: one escalated,
    // one closed by rescoring (no reviewer's decision), one open until rescoring closed it too.
    expect(card).toMatchObject({
      label: expect.stringMatching(/card number/),
      raised: 3,
      confirmed: 1,
      dismissed: 1,
      escalated: 0,
      open: 1,
      confirmationRate: 0.5,
    });
    expect(guarantee).toMatchObject({ raised: 3, confirmed: 0, dismissed: 0, escalated: 1, open: 0 });
    expect(guarantee.confirmationRate).toBeNull();
    const open = all.filter((f) => f.status === 'open' || f.status === 'in_review');
    expect(overview.totals.open).toBe(open.length);
    expect(overview.totals.openBySeverity.critical).toBe(
      open.filter((f) => f.severity === 'critical').length,
    );
    expect(overview.totals).toMatchObject({ raised: 6, confirmed: 1, dismissed: 1, escalated: 1 });
    expect(overview.totals.meanDecisionHours).toBeGreaterThanOrEqual(0);
    const last = overview.series[overview.series.length - 1]!;
    expect(last.open.critical + last.open.high + last.open.medium + last.open.low).toBe(open.length);
    expect(overview.series.reduce((n, s) => n + s.decided, 0)).toBe(3);

    // A manager limited to alpha sees alpha's counts only.
    const limited: FlagOverview = (await alphaManager.get('/api/v1/flags/overview')).body;
    expect(limited.totals.raised).toBe(all.filter((f) => f.team === 'alpha').length);

    const bad = await compliance.get(
      '/api/v1/flags/overview?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.to');
  });
});
