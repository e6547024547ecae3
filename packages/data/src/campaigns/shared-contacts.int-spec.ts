import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../data-source';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database';
import { CONTACT_RECENT_USES, CampaignTransaction } from './campaign.repository';

/**
 * The shared-contact signals against real Postgres: accounts are counted among a contact's most
 * recent uses in the window, so an address behind many conversations costs a bounded read.
 */
describe('shared-contact signals', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, poolSize: 2 });
    await dataSource.initialize();
    await runMigrations(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  /** Indexes `count` conversations from one IP, their accounts taken in turn, indexed `hoursAgo`. */
  async function fromIp(ip: string, accounts: string[], count: number, hoursAgo = 0): Promise<string[]> {
    const rows: { id: string }[] = await dataSource.query(
      `WITH c AS (
         INSERT INTO conversation (source, external_id, channel, agent_ids, started_at, ended_at, message_count, content)
         SELECT 'test', $1 || '-' || n || '-' || $4::int, 'chat', '{}', now(), now(), 0, '{}' FROM generate_series(1, $3) n
         RETURNING id, external_id)
       INSERT INTO campaign_signature (conversation_id, customer_key, channel, ip, started_at, indexed_at)
       SELECT id, ($2::text[])[1 + split_part(external_id, '-', 2)::int % cardinality($2::text[])], 'chat', $1,
              now() - make_interval(hours => $4::int), now() - make_interval(hours => $4::int)
         FROM c
       RETURNING conversation_id AS id`,
      [ip, accounts, count, hoursAgo],
    );
    return rows.map((r) => r.id);
  }

  it('counts the accounts among the most recent uses within the window', async () => {
    const busy = await fromIp('203.0.113.10', ['account:a', 'account:b', 'account:c', 'account:d'], 80);
    const pair = await fromIp('203.0.113.20', ['account:e', 'account:f'], 6);
    // Three accounts, but two of them used the address before the window.
    const stale = await fromIp('203.0.113.30', ['account:g'], 1);
    await fromIp('203.0.113.30', ['account:h', 'account:i'], 2, 100);

    // Two of the conversations asking came from the busy address: it is read once, and both get it.
    const found = await dataSource.transaction((m) =>
      new CampaignTransaction(m).recordSignals([busy[0]!, busy[1]!, pair[0]!, stale[0]!], 72, 3),
    );

    expect(found).toBe(2);
    const signals: { conversation_id: string; kind: string; detail: Record<string, unknown> }[] =
      await dataSource.query(`SELECT conversation_id, kind, detail FROM conversation_signal`);
    const detail = { value: '203.0.113.10', accounts: 4, uses: CONTACT_RECENT_USES };
    expect(signals).toHaveLength(2);
    expect(signals).toEqual(
      expect.arrayContaining([
        { conversation_id: busy[0], kind: 'shared_ip', detail },
        { conversation_id: busy[1], kind: 'shared_ip', detail },
      ]),
    );
  });
});
