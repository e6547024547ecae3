import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Met / not met counts per QA criterion in the rollups (overall, per team and per agent: the coaching
 * views), as one jsonb of counts per rollup row so a batch still writes one row per bucket and
 * series; and the outcomes behind them per conversation, so rescoring can subtract the old ones.
 */
export class QaCriterionCounts1764030000000 implements MigrationInterface {
  name = 'QaCriterionCounts1764030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "rollup" ADD "qa_criteria" jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "conversation" ADD "qa_outcomes" text[] NOT NULL DEFAULT '{}'`);
    // {"greeting:met": 2, "closing:met": 1} + {"greeting:met": -1}: the keys of b added into a. Only b
    // (one batch's few outcomes) is walked; a key that nets to 0 stays, and readers skip it.
    await q.query(`
      CREATE FUNCTION vigil_add_counts(a jsonb, b jsonb) RETURNS jsonb
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT a || coalesce(jsonb_object_agg(key, coalesce((a ->> key)::int, 0) + value::int), '{}'::jsonb)
          FROM jsonb_each_text(b)
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION vigil_add_counts(jsonb, jsonb)`);
    await q.query(`ALTER TABLE "conversation" DROP "qa_outcomes"`);
    await q.query(`ALTER TABLE "rollup" DROP "qa_criteria"`);
  }
}
