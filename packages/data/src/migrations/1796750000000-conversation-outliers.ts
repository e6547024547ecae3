import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Norms for per-conversation outliers: one row per team, channel and metric (handle time, longest
 * silence, transfers, messages) with the running count, mean and sum of squared deviations of the
 * metric's log value. The workers merge each scored batch into it in one upsert; the table grows with
 * the number of teams and channels, not with the conversations. A conversation without a team is
 * counted under team '' (its channel's norm). The outliers found are conversation_signal rows of
 * kind outlier_*.
 */
export class ConversationOutliers1796750000000 implements MigrationInterface {
  name = 'ConversationOutliers1796750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "conversation_norm" (
        "team" varchar(200) NOT NULL,
        "channel" varchar(16) NOT NULL,
        "metric" varchar(20) NOT NULL,
        "conversations" bigint NOT NULL,
        "mean" double precision NOT NULL,
        "m2" double precision NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_conversation_norm" PRIMARY KEY ("team", "channel", "metric")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The signal kinds go with the norms: the code before this migration does not know them.
    await q.query(`DELETE FROM "conversation_signal" WHERE "kind" LIKE 'outlier\\_%'`);
    await q.query(`DROP TABLE "conversation_norm"`);
  }
}
