import type { AnomalyDetail, ConversationDetail } from '@vigil/contracts';
import { ApiClient } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import {
  MINUTE,
  postSimulatedHistory,
  scheduleIncidentAt,
  waitForAnomalies,
} from '../support/simulated-incident';
import { runProcess, startStack, type RunningProcess, type Stack } from '../support/stack';
import { signInAs } from '../support/users';

const SEED = 'incident-e2e';
/**
 * The demo's rate, 300 conversations a minute, so the dropping team (tech-support, a quarter of the
 * traffic) has ~75 a minute. Measured: its customer sentiment falls from ~0.31 to ~0.03 during a
 * drop, while a minute of 75 conversations varies by ~0.04, and the detector raises the drop in its
 * first or second minute; at 1 a second (15 a minute in the team, ~0.09) it is within a minute's
 * noise and is raised in 2 of 12 replays, so the test runs at the demo's rate.
 */
const RATE = 5;
/** The customer-sentiment series of a team: its average and its share of negative conversations. */
const SENTIMENT_METRICS = new Set(['sentiment', 'negativeShare']);

/**
 * The demo's sentiment drop end to end, in simulated time: two hours of backdated conversations
 * with one team's customers turning angrier (and leaving unresolved more often) three minutes ago,
 * posted through the public API and scored by the real workers; the detection tick raises an anomaly
 * on that team's customer sentiment within a minute of the drop's start, the API lists it with its
 * series and team, and its drill-down lists that team's conversations of the drop.
 */
describe('a simulated sentiment drop in one team raises its anomaly', () => {
  let db: TestDatabase;
  let stack: Stack;
  let workers: RunningProcess | undefined;
  let manager: ApiClient;

  // The drop: minutes D and D + 1, after 120 minutes of usual traffic, with usual traffic after it.
  const D = Math.floor(Date.now() / MINUTE) * MINUTE - 3 * MINUTE;
  const { schedule, incident: drop } = scheduleIncidentAt(SEED, 'sentiment-drop', D);
  const team = `team:${drop.team}`;

  beforeAll(async () => {
    expect(drop).toMatchObject({ kind: 'sentiment-drop', startsAt: D, endsAt: D + 2 * MINUTE });
    db = await createTestDatabase();
    // As for the surge: the whole history is stored before the workers start scoring it.
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      env: { VIGIL_ANOMALY_EVERY_SECONDS: '1', VIGIL_ANOMALY_GRACE_SECONDS: '1' },
    });
    manager = await signInAs(stack.url, db.url, 'manager');
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.stop();
    await db?.drop();
  });

  it('posts two hours of simulated history with the drop, through the bulk API', async () => {
    const history = await postSimulatedHistory(stack.url, {
      seed: SEED,
      from: D - 120 * MINUTE,
      rate: RATE,
      schedule,
    });
    // 300 a minute for ~123 minutes; a sentiment drop adds no traffic.
    expect(history).toMatchObject({ errors: 0, rejected: 0 });
    expect(history.accepted).toBe(history.sent);
    expect(history.sent).toBeGreaterThan(123 * 300);
  }, 180_000);

  let anomaly: AnomalyDetail;

  it("raises an anomaly on the team's customer sentiment within a minute of the drop's start", async () => {
    workers = runProcess('apps/workers/dist/main.js', stack.env);
    const query = `?dimension=${team}&since=${new Date(D - 150 * MINUTE).toISOString()}&limit=500`;
    // Scoring ~37,000 conversations comes first (about two minutes here).
    const items = await waitForAnomalies(
      manager,
      query,
      workers,
      (a) => SENTIMENT_METRICS.has(a.series.metric),
      400_000,
    );
    // None in the two hours of usual traffic before it: the first is the drop's.
    const first = items.at(-1)!;
    expect(items.every((a) => Date.parse(a.at) >= D)).toBe(true);
    expect(first).toMatchObject({
      series: { dimension: { kind: 'team', value: drop.team } },
      severity: expect.stringMatching(/^(low|medium|high)$/),
    });
    expect([D, D + MINUTE]).toContain(Date.parse(first.at));
    // The way the drop goes: sentiment below its usual band, the negative share above it.
    if (first.series.metric === 'sentiment') expect(first.observed).toBeLessThan(first.lower);
    else expect(first.observed).toBeGreaterThan(first.upper);

    const res = await manager.get(`/api/v1/anomalies/${first.id}`);
    expect(res.status).toBe(200);
    anomaly = res.body as AnomalyDetail;
    expect(anomaly).toMatchObject({ id: first.id, series: first.series, at: first.at });
  }, 420_000);

  it("drills down to that team's conversations of the drop", async () => {
    const { items, total } = anomaly.conversations;
    const at = Date.parse(anomaly.at);
    expect(total).toBeGreaterThan(5);
    expect(items).toHaveLength(Math.min(total, 50));
    for (const c of items) {
      expect(c.team).toBe(drop.team);
      expect(Date.parse(c.endedAt)).toBeGreaterThanOrEqual(at);
      expect(Date.parse(c.endedAt)).toBeLessThan(at + MINUTE);
    }
    // They are the incident's own conversations: the simulator marks each it changed.
    for (const c of items.slice(0, 5)) {
      const res = await manager.get(`/api/v1/conversations/${c.id}`);
      expect(res.status).toBe(200);
      const detail = res.body as ConversationDetail;
      expect(detail.conversation.metadata).toMatchObject({ simulation: { incident: drop.id } });
    }
  });
});
