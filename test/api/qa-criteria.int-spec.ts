import type {
  ConversationDetail,
  EngineConfigVersion,
  QaCriteriaSnapshot,
  QaResult,
  RescoreRun,
} from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { startStack, waitFor, type Stack } from '../support/stack';
import { signInAs } from '../support/users';

const AGENT = 'a-coach';
const OTHER = 'a-other';
const GREETS = 'Hello, thank you for contacting us! I am sorry about the double charge, let me check.';
const NO_GREETING = "I'm sorry about that, let me check.";

type Tally = Map<string, { met: number; notMet: number }>;

/** What the endpoint should say, counted from the conversations' own QA results. */
function tally(results: QaResult[]): Tally {
  const counts: Tally = new Map();
  for (const result of results) {
    for (const c of result.criteria) {
      if (c.outcome === 'not_applicable') continue;
      const t = counts.get(c.key) ?? { met: 0, notMet: 0 };
      if (c.outcome === 'met') t.met += 1;
      else t.notMet += 1;
      counts.set(c.key, t);
    }
  }
  return counts;
}

/** A trainer reads an agent's QA criteria over time; a rescore moves the counts. */
describe('QA criteria over time', () => {
  let db: TestDatabase;
  let stack: Stack;
  let admin: ApiClient;
  let trainer: ApiClient;
  const ids: string[] = [];
  let otherId: string;
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = () => new Date(Date.now() + 60_000).toISOString();
  const query = (filter: string) =>
    `/api/v1/metrics/qa-criteria?from=${from}&to=${to()}&granularity=hour${filter ? `&${filter}` : ''}`;

  const qaResults = async (conversationIds: string[]) =>
    Promise.all(
      conversationIds.map(
        async (id) =>
          ((await admin.get(`/api/v1/conversations/${id}`)).body as ConversationDetail).scores.qa!
            .result as QaResult,
      ),
    );

  const expectCounts = (snapshot: QaCriteriaSnapshot, expected: Tally) => {
    for (const c of snapshot.criteria) {
      const want = expected.get(c.key) ?? { met: 0, notMet: 0 };
      expect({ key: c.key, met: c.met, notMet: c.notMet }).toEqual({ key: c.key, ...want });
      expect(c.rate).toBe(want.met + want.notMet > 0 ? want.met / (want.met + want.notMet) : null);
      // The points add up to the totals.
      expect(c.points.reduce((n, p) => n + p.met, 0)).toBe(c.met);
      expect(c.points.reduce((n, p) => n + p.notMet, 0)).toBe(c.notMet);
    }
    // Every criterion with an outcome is listed.
    for (const key of expected.keys()) expect(snapshot.criteria.map((c) => c.key)).toContain(key);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: testQueuePrefix(), workers: true });
    admin = await ApiClient.admin(stack.url);
    trainer = await signInAs(stack.url, db.url, 'trainer');

    const agent = (id: string) => [{ id, name: id, kind: 'human' as const }];
    const ingest = ApiClient.ingest(stack.url);
    const messages = (agentId: string, text: string) => [
      { role: 'customer' as const, text: 'I was charged twice and nobody answers! This is terrible.' },
      { role: 'agent' as const, authorId: agentId, text },
      { role: 'customer' as const, text: 'Still waiting, this is really frustrating.' },
    ];
    const batch = [
      ...[GREETS, GREETS, NO_GREETING].map((text) =>
        conversation({ team: 'coaching', agents: agent(AGENT), messages: messages(AGENT, text) }),
      ),
      conversation({ team: 'elsewhere', agents: agent(OTHER), messages: messages(OTHER, GREETS) }),
    ];
    const posted = await ingest.post('/api/v1/conversations/bulk', batch);
    expect(posted.status).toBe(202);
    const accepted = posted.body.accepted as Array<{ id: string; externalId: string }>;
    const idOf = (i: number) => accepted.find((a) => a.externalId === batch[i]!.externalId)!.id;
    ids.push(idOf(0), idOf(1), idOf(2));
    otherId = idOf(3);
    await waitFor('all conversations to be scored', async () => {
      const statuses = await Promise.all(
        accepted.map(async (a) => (await admin.get(`/api/v1/conversations/${a.id}`)).body.status),
      );
      return statuses.every((s) => s === 'scored');
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it("gives a trainer an agent's met and not met per criterion, as the conversations' QA results say", async () => {
    const res = await trainer.get(query(`agent=${AGENT}`));
    expect(res.status).toBe(200);
    const snapshot = res.body as QaCriteriaSnapshot;
    expect(snapshot.query).toMatchObject({ agent: AGENT, granularity: 'hour' });

    const expected = tally(await qaResults(ids));
    // The test data does what it says: two of the three conversations open with a greeting.
    expect(expected.get('greeting')).toEqual({ met: 2, notMet: 1 });
    expectCounts(snapshot, expected);

    // The scorecard in force, in its order, with its labels.
    const { config } = (await trainer.get('/api/v1/settings/engine-config')).body as EngineConfigVersion;
    expect(snapshot.criteria.map((c) => [c.key, c.label, c.inScorecard])).toEqual(
      config.scorecard.criteria.map((c) => [c.key, c.label, true]),
    );
    const greeting = snapshot.criteria.find((c) => c.key === 'greeting')!;
    expect(greeting.rate).toBeCloseTo(2 / 3);
    expect(greeting.points).toHaveLength(1); // all in this hour
    expect(greeting.points[0]).toMatchObject({ met: 2, notMet: 1 });
  });

  it('counts per team and overall too, each conversation once', async () => {
    const team = (await trainer.get(query('team=coaching'))).body as QaCriteriaSnapshot;
    expectCounts(team, tally(await qaResults(ids)));

    const all = (await trainer.get(query(''))).body as QaCriteriaSnapshot;
    expectCounts(all, tally(await qaResults([...ids, otherId])));

    const other = (await trainer.get(query(`agent=${OTHER}`))).body as QaCriteriaSnapshot;
    expectCounts(other, tally(await qaResults([otherId])));
  });

  it("lists an agent's conversations where a criterion was not met (or met), as the rates count them", async () => {
    const list = async (filter: string) =>
      (
        (await trainer.get(`/api/v1/conversations?agent=${AGENT}&${filter}`)).body.items as Array<{
          id: string;
        }>
      )
        .map((c) => c.id)
        .sort();
    expect(await list('criterion=greeting&outcome=not_met')).toEqual([ids[2]]);
    expect(await list('criterion=greeting&outcome=met')).toEqual([ids[0], ids[1]].sort());
    expect(await list('criterion=greeting')).toEqual([...ids].sort());
    expect(await list('criterion=no_such_criterion&outcome=not_met')).toEqual([]);

    const refused = await trainer.get('/api/v1/conversations?outcome=not_met');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'query.outcome', message: 'needs a criterion' }]);
    expect((await trainer.get('/api/v1/conversations?criterion=greeting&outcome=maybe')).status).toBe(400);
  });

  it("lists conversations with their agents' names", async () => {
    const res = await trainer.get(`/api/v1/conversations?agent=${AGENT}&pageSize=1`);
    expect(res.body.items[0].agents).toEqual([{ id: AGENT, name: AGENT, kind: 'human' }]);
  });

  it('answers a bad query with 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['granularity=week', 'query.granularity'],
      [`agent=${AGENT}&team=coaching`, 'query.agent'],
      ['from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'query.to'],
      ['from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z&granularity=minute', 'query.granularity'],
      ['from=yesterday', 'query.from'],
    ];
    for (const [qs, field] of cases) {
      const res = await trainer.get(`/api/v1/metrics/qa-criteria?${qs}`);
      expect({ qs, status: res.status }).toEqual({ qs, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    // Criterion counts are not kept per channel or topic.
    expect((await trainer.get('/api/v1/metrics/qa-criteria?channel=chat')).status).toBe(400);
  });

  it('needs a session with the overview permission', async () => {
    expect((await new ApiClient(stack.url).get('/api/v1/metrics/qa-criteria')).status).toBe(401);
    expect((await ApiClient.ingest(stack.url).get('/api/v1/metrics/qa-criteria')).status).toBe(403);
    const manager = await signInAs(stack.url, db.url, 'manager');
    expect((await manager.get(query(`agent=${AGENT}`))).status).toBe(200);
  });

  it('moves the counts by what a rescore changed, and keeps a removed criterion until then', async () => {
    const before = tally(await qaResults(ids));
    const { config } = (await trainer.get('/api/v1/settings/engine-config')).body as EngineConfigVersion;
    // Drop a criterion that has outcomes, and make "let me check" count as a greeting.
    const dropped = config.scorecard.criteria.find(
      (c) => c.key !== 'greeting' && (before.get(c.key)?.met ?? 0) + (before.get(c.key)?.notMet ?? 0) > 0,
    )!;
    expect(dropped).toBeDefined();
    const criteria = config.scorecard.criteria
      .filter((c) => c.key !== dropped.key)
      .map((c) => (c.key === 'greeting' ? { ...c, params: { ...c.params, phrases: ['let me check'] } } : c));
    const saved = await trainer.put('/api/v1/settings/engine-config/scorecard', {
      scorecard: { criteria },
      note: 'coaching test',
    });
    expect(saved.status).toBe(200);

    // Not rescored yet: the counts stand, the dropped criterion is listed last by its key.
    const unchanged = (await trainer.get(query(`agent=${AGENT}`))).body as QaCriteriaSnapshot;
    expectCounts(unchanged, before);
    expect(unchanged.criteria.at(-1)).toMatchObject({
      key: dropped.key,
      label: dropped.key,
      inScorecard: false,
      ...before.get(dropped.key),
    });

    const started = await trainer.post('/api/v1/settings/rescore', { from, to: to() });
    expect(started.status).toBe(202);
    await waitFor('the rescore to finish', async () => {
      const run = (await trainer.get(`/api/v1/settings/rescore/${started.body.id}`)).body as RescoreRun;
      return run.status === 'done' && run;
    });

    const after = tally(await qaResults(ids));
    expect(after.get('greeting')).toEqual({ met: 3, notMet: 0 });
    expect(after.has(dropped.key)).toBe(false);
    const rescored = (await trainer.get(query(`agent=${AGENT}`))).body as QaCriteriaSnapshot;
    expectCounts(rescored, after);
    expect(rescored.criteria.find((c) => c.key === 'greeting')).toMatchObject({ met: 3, notMet: 0, rate: 1 });
    expect(rescored.criteria.map((c) => c.key)).not.toContain(dropped.key);

    // The overall series moved the same way, and a second rescore moves nothing.
    const all = (await trainer.get(query(''))).body as QaCriteriaSnapshot;
    expectCounts(all, tally(await qaResults([...ids, otherId])));
    const again = await trainer.post('/api/v1/settings/rescore', { from, to: to() });
    await waitFor('the second rescore to finish', async () => {
      const run = (await trainer.get(`/api/v1/settings/rescore/${again.body.id}`)).body as RescoreRun;
      return run.status === 'done' && run;
    });
    expectCounts((await trainer.get(query(`agent=${AGENT}`))).body as QaCriteriaSnapshot, after);
  });
});
