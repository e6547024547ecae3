import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analyzer outputs are stored as json, not jsonb. They are written once per scoring and read back
 * whole (a conversation's page, an export), never queried inside, so jsonb's binary form bought
 * nothing and cost the most of any step of storing a scored conversation: converting ≈ 4 KB of
 * outputs per conversation cost Postgres ≈ 0.23 ms against ≈ 0.15 ms for json, which it only checks
 * (2026-12-05, 4,000 simulator conversations stored both ways on this 2-core machine; see
 * bench/RESULTS.md). They are also smaller on disk (4.0 against 4.4 KB per conversation).
 */
export class AnalysisOutputJson1796650000000 implements MigrationInterface {
  name = 'AnalysisOutputJson1796650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "conversation_analysis" ALTER COLUMN "output" TYPE json USING "output"::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "conversation_analysis" ALTER COLUMN "output" TYPE jsonb USING "output"::jsonb`,
    );
  }
}
