import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollup rows are updated by every scoring batch that counts in their bucket, many times a second
 * for the current minute's rows. Half of each page left free lets Postgres write the new version of
 * a row beside the old one (a HOT update: no new index entry, the old version pruned in place);
 * full pages made about half of these updates also write the unique index. The table is small, so
 * the space is cheap. Only pages written from now on are affected.
 */
export class RollupFillfactor1796660000000 implements MigrationInterface {
  name = 'RollupFillfactor1796660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "rollup" SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "rollup" RESET (fillfactor)`);
  }
}
