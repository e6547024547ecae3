import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaign decisions off the scoring path. The scoring transaction indexes each newly scored
 * conversation (campaign_signature) and leaves a row here; the workers' `campaigns` tick decides
 * membership for up to 1,000 of them at a time and deletes their rows in the same transaction, so a
 * conversation is decided once, and none is lost when a tick fails (its rows stay for the next).
 * Erasure and retention cascade.
 */
export class CampaignPending1796730000000 implements MigrationInterface {
  name = 'CampaignPending1796730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "campaign_pending" (
        "conversation_id" uuid NOT NULL,
        "queued_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_campaign_pending" PRIMARY KEY ("conversation_id"),
        CONSTRAINT "campaign_pending_conversation_fk" FOREIGN KEY ("conversation_id")
          REFERENCES "conversation" ("id") ON DELETE CASCADE
      )`);
    // The tick takes the oldest first.
    await q.query(
      `CREATE INDEX "campaign_pending_queued_at_idx" ON "campaign_pending" ("queued_at", "conversation_id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "campaign_pending"`);
  }
}
