import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fraud campaigns (the same script from many callers) and cross-account signals.
 *
 * campaign_signature indexes each recent conversation once: its MinHash signature, its LSH band keys
 * (GIN, for "who shares a band with me"), and the contact details the cross-account signals count.
 * Rows older than the window are deleted, so its size is bounded by the traffic of the window.
 * campaign_member holds members for as long as their conversation exists (erasure and retention
 * cascade); conversation_signal holds the cross-account signals found for a conversation.
 */
export class Campaigns1796710000000 implements MigrationInterface {
  name = 'Campaigns1796710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "campaign" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "first_seen" timestamptz NOT NULL,
        "last_seen" timestamptz NOT NULL,
        "detected_at" timestamptz NOT NULL DEFAULT now(),
        "size" integer NOT NULL,
        "customers" integer NOT NULL,
        "shared_phrases" jsonb NOT NULL DEFAULT '[]',
        CONSTRAINT "PK_campaign" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "campaign_last_seen_idx" ON "campaign" ("last_seen" DESC, "id")`);
    await q.query(`
      CREATE TABLE "campaign_signature" (
        "conversation_id" uuid NOT NULL,
        "customer_key" varchar(200) NOT NULL,
        "channel" varchar(16) NOT NULL,
        "phone" varchar(50),
        "device_id" varchar(200),
        "ip" varchar(64),
        "started_at" timestamptz NOT NULL,
        "indexed_at" timestamptz NOT NULL DEFAULT now(),
        "bands" integer[],
        "signature" bytea,
        "campaign_id" uuid,
        CONSTRAINT "PK_campaign_signature" PRIMARY KEY ("conversation_id"),
        CONSTRAINT "campaign_signature_conversation_fk" FOREIGN KEY ("conversation_id")
          REFERENCES "conversation" ("id") ON DELETE CASCADE,
        CONSTRAINT "campaign_signature_campaign_fk" FOREIGN KEY ("campaign_id")
          REFERENCES "campaign" ("id") ON DELETE SET NULL
      )`);
    // fastupdate off: with a pending list every lookup scans all recent inserts linearly, and
    // here every insert is followed by lookups (measured: the campaign step grew to 0.9 s per batch).
    await q.query(
      `CREATE INDEX "campaign_signature_bands_idx" ON "campaign_signature" USING gin ("bands") WITH (fastupdate = off)`,
    );
    await q.query(`CREATE INDEX "campaign_signature_indexed_at_idx" ON "campaign_signature" ("indexed_at")`);
    await q.query(`CREATE INDEX "campaign_signature_customer_idx" ON "campaign_signature" ("customer_key")`);
    for (const column of ['phone', 'device_id', 'ip'])
      await q.query(
        `CREATE INDEX "campaign_signature_${column}_idx" ON "campaign_signature" ("${column}") WHERE "${column}" IS NOT NULL`,
      );
    await q.query(`
      CREATE TABLE "campaign_member" (
        "campaign_id" uuid NOT NULL,
        "conversation_id" uuid NOT NULL,
        "customer_key" varchar(200) NOT NULL,
        "similarity" double precision NOT NULL,
        "joined_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_campaign_member" PRIMARY KEY ("campaign_id", "conversation_id"),
        CONSTRAINT "campaign_member_conversation_unique" UNIQUE ("conversation_id"),
        CONSTRAINT "campaign_member_campaign_fk" FOREIGN KEY ("campaign_id")
          REFERENCES "campaign" ("id") ON DELETE CASCADE,
        CONSTRAINT "campaign_member_conversation_fk" FOREIGN KEY ("conversation_id")
          REFERENCES "conversation" ("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "conversation_signal" (
        "conversation_id" uuid NOT NULL,
        "kind" varchar(40) NOT NULL,
        "detail" jsonb NOT NULL,
        "found_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_conversation_signal" PRIMARY KEY ("conversation_id", "kind"),
        CONSTRAINT "conversation_signal_conversation_fk" FOREIGN KEY ("conversation_id")
          REFERENCES "conversation" ("id") ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "conversation_signal"`);
    await q.query(`DROP TABLE "campaign_member"`);
    await q.query(`DROP TABLE "campaign_signature"`);
    await q.query(`DROP TABLE "campaign"`);
  }
}
