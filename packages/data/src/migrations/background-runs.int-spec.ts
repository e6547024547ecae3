import type { DataSource } from 'typeorm';
import {
  createTestDatabase,
  undoMigrationsThrough,
  type TestDatabase,
} from '../../../../test/support/database';
import { BackgroundRunRepository } from '../background-runs/background-run.repository';
import { createDataSource } from '../data-source';

const CANDIDATES = [{ id: 'candidate.crypto_wallet', label: 'crypto wallet', adopted: null }];

/** The background_run migration keeps the runs stored before it, and its down migration gives them back. */
describe('migration BackgroundRuns', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource({ url: db.url, poolSize: 2 });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('moves rescore and topic discovery runs into background_run, and back', async () => {
    await undoMigrationsThrough(dataSource, 'BackgroundRuns1796400490716');
    await dataSource.query(
      `INSERT INTO rescore_run (id, from_at, to_at, status, total, done, config_version, requested_by, finished_at)
       VALUES ('00000000-0000-4000-8000-000000000001', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z',
               'done', 40, 40, 3, 'admin@example.com', now())`,
    );
    await dataSource.query(
      `INSERT INTO topic_discovery_run (id, from_at, to_at, status, considered, explained, unclustered,
                                        candidates, config_version, error)
       VALUES ('00000000-0000-4000-8000-000000000002', '2026-11-01T00:00:00Z', '2026-11-08T00:00:00Z',
               'failed', 12, 2, 4, $1, 5, 'boom')`,
      [JSON.stringify(CANDIDATES)],
    );
    await dataSource.runMigrations({ transaction: 'each' });

    const runs = new BackgroundRunRepository(dataSource);
    const rescore = await runs.find('rescore', '00000000-0000-4000-8000-000000000001');
    expect(rescore).toMatchObject({
      status: 'done',
      params: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' },
      total: 40,
      done: 40,
      result: { configVersion: 3 },
      requestedBy: 'admin@example.com',
    });
    const discovery = await runs.find('topic-discovery', '00000000-0000-4000-8000-000000000002');
    expect(discovery).toMatchObject({
      status: 'failed',
      params: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z' },
      result: { considered: 12, explained: 2, unclustered: 4, candidates: CANDIDATES, configVersion: 5 },
      error: 'boom',
      requestedBy: null,
    });
    // A run of one kind is not found as another.
    expect(await runs.find('rescore', '00000000-0000-4000-8000-000000000002')).toBeNull();

    await undoMigrationsThrough(dataSource, 'BackgroundRuns1796400490716');
    const [back] = await dataSource.query(
      `SELECT status, total, done, config_version, from_at FROM rescore_run`,
    );
    expect(back).toMatchObject({ status: 'done', total: 40, done: 40, config_version: 3 });
    expect(back.from_at.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    const [discoveryBack] = await dataSource.query(`SELECT candidates, considered FROM topic_discovery_run`);
    expect(discoveryBack).toEqual({ candidates: CANDIDATES, considered: 12 });
    await dataSource.runMigrations({ transaction: 'each' });
  });
});
