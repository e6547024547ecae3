import type { Client } from 'pg';
import type { CampaignDetail, CampaignPage } from '@vigil/contracts';
import { benign, scam } from '../support/campaign-scripts';
import { ApiClient, conversation } from '../support/client';
import { waitFor } from '../support/stack';
import { startStackWithWorkers, type WorkersStack } from '../support/workers-stack';

/**
 * Campaign detection end to end with two workers processes: ingest → scoring (campaign index and
 * pending row) → campaigns tick → API. A script from many customers amid benign traffic is found exactly once, late
 * members join it, and benign near-templates form none.
 */
describe('fraud campaigns across conversations, two workers processes', () => {
  let ingest: ApiClient;
  let admin: ApiClient;
  let pg: Client;
  let running: WorkersStack | undefined;
  const count = async (sql: string): Promise<number> => (await pg.query<{ n: number }>(sql)).rows[0]!.n;

  beforeAll(async () => {
    running = await startStackWithWorkers({ VIGIL_SCORE_BATCH_WAIT_MS: '20' });
    ({ ingest, admin, pg } = running);
  }, 60_000);
  afterAll(() => running?.stop());

  const scamCall = (i: number) =>
    conversation({
      channel: 'voice',
      team: 'fraud-line',
      customer: { id: `victim-${i}`, accountId: `acct-victim-${i}` },
      messages: scam(i),
      metadata: { contact: { phone: '+37120000000', deviceId: 'dev-scam-1', ip: '203.0.113.7' } },
    });

  const campaigns = async (): Promise<CampaignPage> => {
    const res = await admin.get('/api/v1/fraud/campaigns');
    expect(res.status).toBe(200);
    return res.body as CampaignPage;
  };

  it('finds the script once, lets late members join, and leaves benign traffic alone', async () => {
    // Benign traffic: 240 conversations from 240 customers, in bulk.
    for (let start = 0; start < 240; start += 120) {
      const batch = Array.from({ length: 120 }, (_, k) =>
        conversation({ customer: { id: `cust-${start + k}` }, messages: benign(start + k) }),
      );
      expect((await ingest.post('/api/v1/conversations/bulk', batch)).status).toBe(202);
    }
    // Five scam calls from five customers, posted at once so both workers score them.
    const firstPosted = Date.now();
    const posts = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => ingest.post('/api/v1/conversations', scamCall(i))),
    );
    expect(posts.map((p) => p.status)).toEqual([202, 202, 202, 202, 202]);

    const found = await waitFor(
      'the campaign',
      async () => {
        const page = await campaigns();
        return page.items.some((c) => c.size >= 5) && page;
      },
      60_000,
      250,
    );
    const detectionMs = Date.now() - firstPosted;
    console.log(
      `campaign detected ${detectionMs} ms after the first member was posted (two workers processes)`,
    );
    expect(found.items).toHaveLength(1);
    const [campaign] = found.items;
    expect(campaign!.customers).toBe(5);
    expect(campaign!.sharedPhrases.join(' | ')).toMatch(/safe account|fraud department/);

    // Late members, one of them a caller the campaign has seen already.
    await Promise.all([5, 6, 2].map((i) => ingest.post('/api/v1/conversations', scamCall(i))));
    const grown = await waitFor(
      'late members to join',
      async () => {
        const res = await admin.get(`/api/v1/fraud/campaigns/${campaign!.id}`);
        return res.status === 200 && (res.body as CampaignDetail).size === 8 && (res.body as CampaignDetail);
      },
      60_000,
      250,
    );
    expect(grown.customers).toBe(7);
    expect(grown.members).toHaveLength(8);
    expect(grown.members.every((m) => m.team === 'fraud-line' && m.channel === 'voice')).toBe(true);
    // Cross-account signals: one device, phone and IP behind seven accounts.
    const last = grown.members[grown.members.length - 1]!;
    expect(last.signals.map((s) => s.kind)).toEqual(
      expect.arrayContaining(['shared_device', 'shared_ip', 'shared_phone']),
    );

    // Every benign conversation is scored and decided by a campaigns tick, and still exactly one campaign exists.
    await waitFor(
      'all conversations scored and decided',
      async () =>
        (await count(`SELECT count(*)::int AS n FROM conversation WHERE status <> 'scored'`)) === 0 &&
        (await count(`SELECT count(*)::int AS n FROM campaign_pending`)) === 0,
      60_000,
      250,
    );
    expect((await campaigns()).items).toHaveLength(1);
    expect(await count(`SELECT count(*)::int AS n FROM campaign_signature`)).toBe(248);
  }, 180_000);

  it('validates the list and detail parameters', async () => {
    expect((await admin.get('/api/v1/fraud/campaigns?limit=0')).status).toBe(400);
    expect((await admin.get('/api/v1/fraud/campaigns?after=nonsense')).status).toBe(400);
    expect((await admin.get('/api/v1/fraud/campaigns?color=red')).status).toBe(400);
    expect((await admin.get('/api/v1/fraud/campaigns/not-a-uuid')).status).toBe(400);
    expect((await admin.get('/api/v1/fraud/campaigns/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
  });

  it('pages the list with a cursor', async () => {
    const first = await admin.get('/api/v1/fraud/campaigns?limit=1');
    expect(first.status).toBe(200);
    expect((first.body as CampaignPage).items).toHaveLength(1);
    expect((first.body as CampaignPage).next).toBeNull();
  });
});
