import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../data-source';
import {
  createTestDatabase,
  undoMigrationsThrough,
  type TestDatabase,
} from '../../../../test/support/database';
import { OutlierNormRepository, type OutlierNormRow } from './outlier-norm.repository';

/** A batch's norm of some log values (Welford, as the workers make it). */
function normOf(values: number[]): { conversations: number; mean: number; m2: number } {
  let conversations = 0;
  let mean = 0;
  let m2 = 0;
  for (const x of values) {
    conversations += 1;
    const delta = x - mean;
    mean += delta / conversations;
    m2 += delta * (x - mean);
  }
  return { conversations, mean, m2 };
}

/**
 * The norms table as several workers processes write it: each merges its batches into the stored
 * rows in one upsert. However the batches interleave, the stored norm must be that of all values.
 */
describe('outlier norms in Postgres', () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    for (let i = 0; i < 2; i++) {
      const source = createDataSource({ url: db.url, poolSize: 4 });
      await source.initialize();
      sources.push(source);
    }
  });
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.destroy()));
    await db.drop();
  });

  it('two workers merging batches at once end exactly at the one-pass norm', async () => {
    const [one, two] = sources.map((s) => new OutlierNormRepository(s));
    const keys = [
      { team: 'billing', channel: 'chat', metric: 'handle_time' },
      { team: 'billing', channel: 'chat', metric: 'messages' },
      { team: '', channel: 'voice', metric: 'handle_time' },
    ];
    // 80 batches of 1–12 values per key, deterministic, all in flight together from two pools.
    const all = new Map<string, number[]>(keys.map((k) => [k.metric + k.channel, []]));
    const batches: OutlierNormRow[][] = Array.from({ length: 80 }, (_, b) =>
      keys.map((k, j) => {
        const values = Array.from(
          { length: 1 + ((b * 5 + j) % 12) },
          (_, i) => 4 + (((b * 131 + i * 17 + j * 7) % 97) / 97) * 3,
        );
        all.get(k.metric + k.channel)!.push(...values);
        return { ...k, ...normOf(values) };
      }),
    );
    await Promise.all(batches.map((batch, b) => (b % 2 ? one! : two!).record(batch, [])));

    const stored: OutlierNormRow[] = await one!.norms([
      { team: 'billing', channel: 'chat' },
      { team: '', channel: 'voice' },
    ]);
    expect(stored).toHaveLength(3);
    for (const k of keys) {
      const row = stored.find((r) => r.metric === k.metric && r.channel === k.channel)!;
      const exact = normOf(all.get(k.metric + k.channel)!);
      expect(row.conversations).toBe(exact.conversations);
      expect(row.mean).toBeCloseTo(exact.mean, 9);
      expect(row.m2).toBeCloseTo(exact.m2, 6);
    }
    // Only the pairs asked for are read.
    expect(await one!.norms([{ team: 'billing', channel: 'voice' }])).toEqual([]);
  }, 60_000);

  it('the migration goes down (with the outlier signals) and up again', async () => {
    const source = sources[0]!;
    const [conversation] = await source.query(
      `INSERT INTO conversation (source, external_id, channel, agent_ids, started_at, ended_at, message_count, content)
       VALUES ('t', 'x-1', 'chat', '{}', now(), now(), 1, '{}') RETURNING id`,
    );
    await source.query(
      `INSERT INTO conversation_signal (conversation_id, kind, detail)
       VALUES ($1, 'outlier_handle_time', '{}'), ($1, 'shared_ip', '{}')`,
      [conversation.id],
    );
    await undoMigrationsThrough(source, 'ConversationOutliers1796750000000');
    expect(await source.query(`SELECT to_regclass('conversation_norm') AS t`)).toEqual([{ t: null }]);
    expect(await source.query(`SELECT kind FROM conversation_signal`)).toEqual([{ kind: 'shared_ip' }]);
    await runMigrations(source);
    expect(await source.query(`SELECT count(*)::int AS n FROM conversation_norm`)).toEqual([{ n: 0 }]);
  });
});
