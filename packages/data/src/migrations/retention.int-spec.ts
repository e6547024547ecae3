import { createDataSource, runMigrations } from '../data-source';
import {
  createTestDatabase,
  undoMigrationsThrough,
  type TestDatabase,
} from '../../../../test/support/database';

/**
 * The retention migration: undone, the audit log is append-only without exception again; applied,
 * the shipped periods are in force and only the retention run's transaction may delete entries older
 * than the audit period.
 */
describe('the retention migration', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('goes down and up, and opens the audit log only to the retention run', async () => {
    const dataSource = createDataSource({ url: db.url, poolSize: 2 }); // runMigrations holds one for its lock;
    await dataSource.initialize();
    const purge = () =>
      dataSource.transaction(async (tx) => {
        await tx.query(`SELECT set_config('vigil.audit_retention', 'on', true)`);
        return tx.query(`DELETE FROM audit_log WHERE actor = 'old'`);
      });
    try {
      await undoMigrationsThrough(dataSource, 'Retention1796620000000');
      await dataSource.query(
        `INSERT INTO audit_log (at, actor, action) VALUES (now() - interval '3000 days', 'old', 'key.created')`,
      );
      await expect(purge()).rejects.toThrow(/append-only/);
      expect(await dataSource.query(`SELECT to_regclass('retention_policy') AS t`)).toEqual([{ t: null }]);

      await runMigrations(dataSource);
      expect(
        await dataSource.query(`SELECT text_days, scores_days, flags_days, audit_days FROM retention_policy`),
      ).toEqual([{ text_days: 365, scores_days: 730, flags_days: 730, audit_days: 2555 }]);
      const [secret] = await dataSource.query(
        `SELECT value FROM instance_secret WHERE name = 'erasure-subject'`,
      );
      expect(secret.value).toMatch(/^[0-9a-f]{64}$/);
      await expect(dataSource.query(`DELETE FROM audit_log WHERE actor = 'old'`)).rejects.toThrow(
        /append-only/,
      );
      await purge();
      expect(await dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE actor = 'old'`)).toEqual([
        { n: 0 },
      ]);
      // A period under a year is refused by the table itself, whoever writes it.
      await expect(dataSource.query(`UPDATE retention_policy SET audit_days = 30`)).rejects.toThrow(
        /retention_policy_audit_days/,
      );
    } finally {
      await dataSource.destroy();
    }
  });
});
