import type { MigrationInterface, QueryRunner } from 'typeorm';

/** QA, emotion, escalation and churn counters in the rollups; the facts behind them per conversation. */
export class QualityRollups1764020000000 implements MigrationInterface {
  name = 'QualityRollups1764020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "rollup"
        ADD "qa_count" integer NOT NULL DEFAULT 0,
        ADD "qa_sum" double precision NOT NULL DEFAULT 0,
        ADD "escalations" integer NOT NULL DEFAULT 0,
        ADD "churn" integer NOT NULL DEFAULT 0,
        ADD "frustration" integer NOT NULL DEFAULT 0,
        ADD "anger" integer NOT NULL DEFAULT 0,
        ADD "urgency" integer NOT NULL DEFAULT 0,
        ADD "confusion" integer NOT NULL DEFAULT 0,
        ADD "gratitude" integer NOT NULL DEFAULT 0,
        ADD "disappointment" integer NOT NULL DEFAULT 0`);
    await q.query(`
      ALTER TABLE "conversation"
        ADD "qa_score" double precision,
        ADD "topic_keys" text[] NOT NULL DEFAULT '{}',
        ADD "signals" text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversation" DROP "qa_score", DROP "topic_keys", DROP "signals"`);
    await q.query(`
      ALTER TABLE "rollup" DROP "qa_count", DROP "qa_sum", DROP "escalations", DROP "churn", DROP "frustration",
        DROP "anger", DROP "urgency", DROP "confusion", DROP "gratitude", DROP "disappointment"`);
  }
}
