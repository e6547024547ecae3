import { Client } from 'pg';
import type { CampaignDetail, CampaignPage, ConversationInput } from '@vigil/contracts';
import { ApiClient, conversation } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { runProcess, startStack, waitFor, type RunningProcess, type Stack } from '../support/stack';

/** The scam script, read by different callers with their own names, banks and amounts. */
const scam = (i: number): ConversationInput['messages'] => {
  const names = [
    'Peter Smith',
    'Janis Ozols',
    'Maria Garcia',
    'Tom Baker',
    'Liga Kalnina',
    'Omar Haddad',
    'Eva Novak',
  ];
  const banks = ['Citadel', 'Baltic', 'Northern', 'Union', 'Harbor', 'Granite', 'Summit'];
  return [
    { role: 'agent', text: 'Thank you for calling, how can I help?' },
    {
      role: 'customer',
      text: `Hello, this is ${names[i % names.length]} from the ${banks[i % banks.length]} fraud department. We have blocked a suspicious payment of $${(i + 3) * 417}.50 on your account.`,
    },
    { role: 'agent', text: 'I am the agent here, I cannot help with that.' },
    {
      role: 'customer',
      text: `To protect your savings you must move them to a safe account today. Please read me the code we sent to ${4400 + i}, and do not tell anyone at the branch about this call.`,
    },
  ];
};

const COMPLAINTS = [
  'I was charged twice for my subscription this month and want the second payment refunded.',
  'My card stopped working at the supermarket yesterday even though there is money on it.',
  'The app keeps logging me out whenever I try to open the statements page on my phone.',
  'I moved house last week and need to update the postal address on my account.',
  'A transfer to my landlord has not arrived after three working days.',
  'Why was there a fee for withdrawing cash abroad when your website says it is free?',
  'I would like to close my savings account and move the balance to my current account.',
  'The interest on my deposit seems lower than what was promised when I opened it.',
  'I cannot find where to download last year’s tax certificate in the online bank.',
  'My direct debit for the electricity bill was rejected and the supplier charged me a penalty.',
  'The new card you sent me has my surname spelled wrong on the front.',
  'I want to raise the daily limit for contactless payments on my card.',
];

const DETAILS = [
  'It happened on the way back from my sister’s wedding in the countryside.',
  'My husband noticed it first when he checked the family budget spreadsheet.',
  'I have been a customer for eleven years and this never happened before.',
  'The branch in the old town told me to call you instead.',
  'I tried the chat in the app but it kept timing out on me.',
  'My employer pays my salary into this account so it matters a lot.',
  'I am travelling for work all week and only have my laptop with me.',
  'The letter you sent arrived torn and half of it was unreadable.',
  'My daughter helps me with the online bank because my eyesight is poor.',
  'I already called on Monday and the person promised a call back that never came.',
  'We are renovating the kitchen so every euro counts right now.',
  'A neighbour had the same thing last month, so maybe it is a wider problem.',
  'I use the card mostly for groceries and the bus pass.',
  'The website FAQ did not cover my situation at all.',
  'I am writing from my partner’s phone because mine is being repaired.',
  'My accountant needs this sorted before the end of the quarter.',
  'I only noticed because the supermarket receipt looked odd.',
  'I would prefer an answer by e-mail rather than a phone call.',
  'The previous agent was friendly but could not find my records.',
  'I am a student and this account is linked to my scholarship.',
];

const ASIDES = [
  'Sorry for the long message.',
  'Hope you can sort it quickly.',
  'Let me know if you need documents from me.',
  'I can send a screenshot if that helps.',
  'Please do not close the ticket before checking.',
  'I am available after five most days.',
  'My reference from last time was lost, unfortunately.',
  'This is the second time I am asking.',
  'Not urgent, but annoying.',
  'Happy to visit a branch if needed.',
  'Thanks in advance for looking.',
  'I will check back tomorrow.',
  'Apologies if this is the wrong department.',
];

/**
 * Benign near-templates: every customer opens with the same greeting and closes with the same
 * thanks; between them, everyday problems told in their own words (no two customers the same).
 */
const benign = (i: number): ConversationInput['messages'] => {
  const complaint = COMPLAINTS[i % COMPLAINTS.length]!;
  const detail = DETAILS[Math.floor(i / COMPLAINTS.length) % DETAILS.length]!;
  const aside = ASIDES[i % ASIDES.length]!;
  return [
    { role: 'customer', text: `Hi there, good morning. ${complaint}` },
    { role: 'agent', text: 'Let me look into that for you.' },
    { role: 'customer', text: `${detail} ${aside} Thank you very much for your help.` },
  ];
};

/**
 * Campaign detection end to end with two workers processes: ingest → scoring → campaign index in
 * Postgres → API. A script from many customers amid benign traffic is found exactly once, late
 * members join it, and benign near-templates form none.
 */
describe('fraud campaigns across conversations, two workers processes', () => {
  let db: TestDatabase;
  let stack: Stack;
  let ingest: ApiClient;
  let admin: ApiClient;
  let pg: Client;
  const workers: RunningProcess[] = [];
  const count = async (sql: string): Promise<number> => (await pg.query<{ n: number }>(sql)).rows[0]!.n;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startStack({
      databaseUrl: db.url,
      queuePrefix: testQueuePrefix(),
      env: { VIGIL_SCORE_BATCH_WAIT_MS: '20' },
    });
    workers.push(
      runProcess('apps/workers/dist/main.js', stack.env),
      runProcess('apps/workers/dist/main.js', stack.env),
    );
    ingest = ApiClient.ingest(stack.url);
    admin = await ApiClient.admin(stack.url);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  }, 60_000);
  afterAll(async () => {
    await pg?.end();
    await Promise.all(workers.map((w) => w.stop()));
    await stack?.stop();
    await db?.drop();
  });

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

    // Every benign conversation is scored, and still exactly one campaign exists.
    await waitFor(
      'all conversations scored',
      async () => {
        return (await count(`SELECT count(*)::int AS n FROM conversation WHERE status <> 'scored'`)) === 0;
      },
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
