import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import type { DataSource } from 'typeorm';
import {
  SOCKET_EVENTS,
  type Anomaly,
  type AnomalyDetail,
  type AnomalyList,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@vigil/contracts';
import { AnomalyRepository, createDataSource, type VigilConfig } from '@vigil/data';
import { anomaliesRaisedHandler } from '../../apps/workers/src/anomalies/anomalies-raised';
import { AnomalyDetectionService } from '../../apps/workers/src/anomalies/anomaly-detection.service';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { TEST_REDIS_URL } from '../support/services';
import { startStack, waitFor, type Stack } from '../support/stack';
import { addUser, signIn } from '../support/users';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const MINUTE = 60_000;
const OPTIONS: VigilConfig['anomalies'] = {
  everySeconds: 15,
  graceSeconds: 30,
  historyHours: 24,
  warmupPoints: 100,
};

/**
 * Anomaly detection end to end against real Postgres and Redis: minute rollups with a steady rhythm
 * are replayed into the detector on first sight, a team's sentiment then drops, the next tick stores
 * one anomaly once the conversations of its minute are scored (not two, though two workers processes
 * tick at once), the API lists it for those who
 * may see that team and drills down to the conversations of its minute, the live gateway pushes it,
 * and the learned state carries over a restart.
 */
describe('anomalies', () => {
  let db: TestDatabase;
  let stack: Stack;
  let prefix: string;
  let admin: ApiClient;
  let billingManager: ApiClient;
  let alphaManager: ApiClient;
  let redis: Redis;
  const dataSources: DataSource[] = [];
  const sockets: LiveSocket[] = [];

  // The drop starts at minute D; the steady rhythm runs for the three hours before it.
  const D = Math.floor(Date.now() / MINUTE) * MINUTE - 3 * MINUTE;
  const H0 = D - 180 * MINUTE;

  /** A detector as a workers process runs it, with its own database connections and a fixed clock. */
  async function detector(now: number): Promise<AnomalyDetectionService> {
    const dataSource = createDataSource({ url: db.url, poolSize: 2 });
    await dataSource.initialize();
    dataSources.push(dataSource);
    return new AnomalyDetectionService(
      new AnomalyRepository(dataSource),
      anomaliesRaisedHandler(redis, prefix),
      OPTIONS,
      () => now,
    );
  }
  /** The clock at which minute `m` (and those before it) is closed. */
  const closedAfter = (m: number) => m + MINUTE + OPTIONS.graceSeconds * 1000;

  /** Minute rollups of a team and overall, and the hourly ones the detector finds its series in. */
  async function writeMinutes(from: number, to: number, sentiment: (m: number, i: number) => number) {
    const rows = [];
    let seed = Math.floor(from / MINUTE);
    const noise = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let m = from, i = 0; m < to; m += MINUTE, i++) {
      for (const [dimension, value] of [
        ['team', 'billing'],
        ['team', 'alpha'],
        ['all', '*'],
      ]) {
        const n = 9 + Math.floor(noise() * 3);
        const s = value === 'billing' ? sentiment(m, i) : 0.3 + (noise() - 0.5) * 0.1;
        rows.push({
          dimension,
          value,
          bucket: new Date(m).toISOString(),
          conversations: n,
          sentiment_count: n,
          sentiment_sum: n * s,
          negative: s < 0 ? n : 1,
          qa_count: n,
          qa_sum: n * 80,
        });
      }
    }
    const db = dataSources[0]!;
    await db.query(
      `INSERT INTO rollup (granularity, dimension, value, bucket, conversations, sentiment_count, sentiment_sum, negative, qa_count, qa_sum)
       SELECT 'minute', r.dimension, r.value, r.bucket, r.conversations, r.sentiment_count, r.sentiment_sum, r.negative, r.qa_count, r.qa_sum
         FROM jsonb_to_recordset($1::jsonb) AS r(dimension varchar, value varchar, bucket timestamptz, conversations int,
              sentiment_count int, sentiment_sum float8, negative int, qa_count int, qa_sum float8)`,
      [JSON.stringify(rows)],
    );
    await db.query(
      `INSERT INTO rollup (granularity, dimension, value, bucket, conversations)
       SELECT 'hour', dimension, value, date_trunc('hour', bucket), sum(conversations) FROM rollup
        WHERE granularity = 'minute' GROUP BY dimension, value, date_trunc('hour', bucket)
       ON CONFLICT (granularity, dimension, value, bucket) DO UPDATE SET conversations = EXCLUDED.conversations`,
    );
  }
  const steady = (m: number, i: number) => 0.3 + (((i * 7919) % 11) / 11 - 0.5) * 0.1;

  const listen = async (client: ApiClient) => {
    const socket: LiveSocket = io(stack.url, {
      path: '/socket.io',
      transports: ['websocket'],
      extraHeaders: { cookie: client.cookieHeader },
      reconnection: false,
    });
    sockets.push(socket);
    const heard: Anomaly[] = [];
    socket.on(SOCKET_EVENTS.anomaliesRaised, (e) => heard.push(...e.anomalies));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    socket.emit(SOCKET_EVENTS.anomaliesSubscribe);
    return heard;
  };
  const list = async (client: ApiClient, query = ''): Promise<AnomalyList> => {
    const res = await client.get(`/api/v1/anomalies${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const stateN = async (dimension: string, value: string, metric: string): Promise<number> => {
    const [row] = await dataSources[0]!.query(
      `SELECT state->'n' AS n FROM anomaly_series WHERE dimension = $1 AND value = $2 AND metric = $3`,
      [dimension, value, metric],
    );
    return Number(row?.n);
  };

  let heardByAdmin: Anomaly[];
  let heardByBilling: Anomaly[];
  let heardByAlpha: Anomaly[];
  const conversationIds: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    prefix = testQueuePrefix();
    stack = await startStack({ databaseUrl: db.url, queuePrefix: prefix });
    redis = new Redis(TEST_REDIS_URL);
    admin = await ApiClient.admin(stack.url);
    billingManager = await signIn(stack.url, (await addUser(admin, 'manager', { teams: ['billing'] })).email);
    alphaManager = await signIn(stack.url, (await addUser(admin, 'manager', { teams: ['alpha'] })).email);
    heardByAdmin = await listen(admin);
    heardByBilling = await listen(billingManager);
    heardByAlpha = await listen(alphaManager);
    // The conversations of the first minute of the drop, and one of another team in the same minute.
    for (const team of ['billing', 'billing', 'alpha']) {
      const endedAt = new Date(D + 20_000).toISOString();
      const res = await ApiClient.ingest(stack.url).post(
        '/api/v1/conversations',
        conversation({ team, startedAt: new Date(D).toISOString(), endedAt }),
      );
      expect(res.status).toBe(202);
      if (team === 'billing') conversationIds.push(res.body.id);
    }
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    redis?.disconnect();
    await Promise.all(dataSources.map((d) => d.destroy()));
    await stack?.stop();
    await db?.drop();
  });

  it('replays a new series from its stored history, and raises nothing on a steady rhythm', async () => {
    const first = await detector(closedAfter(D - MINUTE));
    await writeMinutes(H0, D, steady);
    const tick = await first.tick();
    expect(tick).toMatchObject({ ran: true, series: 3 });
    expect(tick.points).toBe(3 * 180);
    expect(await stateN('team', 'billing', 'sentiment')).toBe(180);
    const billing = (await list(admin, '?dimension=team:billing&metric=sentiment')).items;
    expect(billing).toEqual([]);
  });

  it('raises one anomaly when the team turns negative, though two processes tick at once', async () => {
    await writeMinutes(D, D + 2 * MINUTE, () => -0.6);
    // The conversations of minute D are stored but not scored (this stack runs no workers): no
    // minute from D on is judged while they are, since a half-scored minute reads as a drop.
    const early = await detector(closedAfter(D + MINUTE));
    expect(await early.tick()).toMatchObject({ ran: true, points: 0, stored: 0 });
    // Scored (their counts are the rollups written above): the minutes can be judged.
    await dataSources[0]!.query(
      `UPDATE conversation SET status = 'scored', scored_at = now() WHERE status IN ('received', 'queued')`,
    );
    const [a, b] = [await detector(closedAfter(D + MINUTE)), await detector(closedAfter(D + MINUTE))];
    const ticks = await Promise.all([a.tick(), b.tick()]);
    // Whichever ran second either found the lock held or nothing left to evaluate.
    expect(ticks.reduce((sum, t) => sum + t.points, 0)).toBe(3 * 2);
    expect(await a.tick()).toMatchObject({ points: 0, stored: 0 });

    const items = (await list(admin, '?metric=sentiment&dimension=team:billing')).items;
    // The drop's first minute; its second may be raised too, damped (the same incident), nothing before.
    expect(items.every((x) => Date.parse(x.at) >= D)).toBe(true);
    const raised = items.find((x) => x.at === new Date(D).toISOString());
    expect(raised).toMatchObject({
      series: { metric: 'sentiment', dimension: { kind: 'team', value: 'billing' } },
      at: new Date(D).toISOString(),
    });
    expect(raised!.observed).toBeCloseTo(-0.6);
    expect(raised!.expected).toBeGreaterThan(0.2);
    expect(raised!.observed).toBeLessThan(raised!.lower);
    expect(raised!.score).toBeGreaterThan(0);
    const [{ n }] = await dataSources[0]!.query(
      `SELECT count(*)::int AS n FROM anomaly WHERE metric = 'sentiment' AND value = 'billing' AND bucket = $1`,
      [new Date(D)],
    );
    expect(n).toBe(1);

    // Pushed live to those who see billing's series, not to a manager of another team.
    await waitFor('the anomaly on the sockets', async () =>
      [heardByAdmin, heardByBilling].every((heard) => heard.some((x) => x.id === raised!.id)),
    );
    expect(heardByAlpha.filter((x) => x.series.dimension.value === 'billing')).toEqual([]);
  });

  it('lists anomalies by filter and team scope, and drills down to the conversations of the minute', async () => {
    const raised = (await list(admin, '?metric=sentiment&dimension=team:billing')).items.find(
      (x) => x.at === new Date(D).toISOString(),
    );
    expect((await list(admin, '?minSeverity=low')).items.map((a) => a.id)).toContain(raised!.id);
    expect(
      (await list(admin, `?since=${encodeURIComponent(new Date(D + MINUTE).toISOString())}`)).items.map(
        (a) => a.id,
      ),
    ).not.toContain(raised!.id);
    expect((await list(billingManager)).items.map((a) => a.id)).toContain(raised!.id);
    // A manager of billing sees only billing's series; of alpha, none of billing's.
    expect((await list(billingManager)).items.every((a) => a.series.dimension.kind === 'team')).toBe(true);
    expect((await list(alphaManager)).items.filter((a) => a.series.dimension.value !== 'alpha')).toEqual([]);

    const detail = await admin.get(`/api/v1/anomalies/${raised!.id}`);
    expect(detail.status).toBe(200);
    const body = detail.body as AnomalyDetail;
    expect(body.series.dimension).toEqual({ kind: 'team', value: 'billing' });
    expect(body.conversations.items.map((c) => c.id).sort()).toEqual([...conversationIds].sort());
    expect((await billingManager.get(`/api/v1/anomalies/${raised!.id}`)).status).toBe(200);
    expect((await alphaManager.get(`/api/v1/anomalies/${raised!.id}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/anomalies/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it.each([
    ['metric=mood', 'query.metric'],
    ['dimension=team', 'query.dimension'],
    ['dimension=colour:red', 'query.dimension'],
    ['minSeverity=critical', 'query.minSeverity'],
    ['since=yesterday', 'query.since'],
    ['limit=0', 'query.limit'],
    ['colour=red', 'query'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const res = await admin.get(`/api/v1/anomalies?${query}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain(field);
  });

  it('carries the learned state over a restart', async () => {
    const before = await stateN('team', 'billing', 'volume');
    await writeMinutes(D + 2 * MINUTE, D + 3 * MINUTE, steady);
    const restarted = await detector(closedAfter(D + 2 * MINUTE));
    expect(await restarted.tick()).toMatchObject({ ran: true, points: 3 });
    expect(await stateN('team', 'billing', 'volume')).toBe(before + 1);
  });
});
