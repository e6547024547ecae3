import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Met / not met counts per QA criterion, per bucket, overall and per team and agent (the coaching
 * views); and the outcomes behind them per conversation, so rescoring can subtract the old ones.
 */
export class QaCriterionRollups1764030000000 implements MigrationInterface {
  name = 'QaCriterionRollups1764030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "qa_criterion_rollup" (
        "granularity" varchar(8) NOT NULL,
        "dimension" varchar(16) NOT NULL,
        "value" varchar(200) NOT NULL,
        "bucket" timestamptz NOT NULL,
        "criterion" varchar(100) NOT NULL,
        "met" integer NOT NULL DEFAULT 0,
        "not_met" integer NOT NULL DEFAULT 0,
        CONSTRAINT "PK_qa_criterion_rollup" PRIMARY KEY ("granularity", "dimension", "value", "bucket", "criterion")
      )`);
    await q.query(`ALTER TABLE "conversation" ADD "qa_outcomes" text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversation" DROP "qa_outcomes"`);
    await q.query(`DROP TABLE "qa_criterion_rollup"`);
  }
}
