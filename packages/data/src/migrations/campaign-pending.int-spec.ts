import { createDataSource, runMigrations } from '../data-source';
import {
  createTestDatabase,
  undoMigrationsThrough,
  type TestDatabase,
} from '../../../../test/support/database';

/**
 * The campaign_pending migration: undone, the table is gone and the campaign index is as it was;
 * applied, a conversation waits in it once, and leaves it when the conversation is deleted (erasure,
 * retention).
 */
describe('the campaign pending migration', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('goes down and up, and keeps one row per conversation until it is deleted', async () => {
    const dataSource = createDataSource({ url: db.url, poolSize: 2 }); // runMigrations holds one for its lock
    await dataSource.initialize();
    const exists = async () =>
      (await dataSource.query(`SELECT to_regclass('campaign_pending') IS NOT NULL AS t`))[0].t;
    try {
      await undoMigrationsThrough(dataSource, 'CampaignPending1796730000000');
      expect(await exists()).toBe(false);
      expect((await dataSource.query(`SELECT to_regclass('campaign_signature') AS t`))[0].t).toBe(
        'campaign_signature',
      );

      await runMigrations(dataSource);
      expect(await exists()).toBe(true);
      const [conversation] = await dataSource.query(
        `INSERT INTO conversation (source, external_id, channel, agent_ids, started_at, ended_at, message_count, content)
         VALUES ('test', 'pending', 'chat', '{}', now(), now(), 0, '{}') RETURNING id`,
      );
      await dataSource.query(`INSERT INTO campaign_pending (conversation_id) VALUES ($1)`, [conversation.id]);
      await expect(
        dataSource.query(`INSERT INTO campaign_pending (conversation_id) VALUES ($1)`, [conversation.id]),
      ).rejects.toThrow(/PK_campaign_pending/);
      await dataSource.query(`DELETE FROM conversation WHERE id = $1`, [conversation.id]);
      expect(await dataSource.query(`SELECT count(*)::int AS n FROM campaign_pending`)).toEqual([{ n: 0 }]);
    } finally {
      await dataSource.destroy();
    }
  });
});
