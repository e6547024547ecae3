import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts: the rules (trigger and channels as jsonb; webhook secrets are in the channels, never
 * returned in full by the API) and the delivery log, one row per rule, event and channel (the unique
 * key is the deduplication), with the series key the quiet period looks up.
 */
export class Alerts1796690000000 implements MigrationInterface {
  name = 'Alerts1796690000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "alert_rule" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" varchar(200) NOT NULL,
        "enabled" boolean NOT NULL DEFAULT true,
        "trigger" jsonb NOT NULL,
        "channels" jsonb NOT NULL,
        "quiet_minutes" integer NOT NULL,
        "created_by" varchar(400) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_by" varchar(400),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_alert_rule" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "alert_delivery" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "rule_id" uuid NOT NULL,
        "rule_name" varchar(200) NOT NULL,
        "event_key" varchar(300) NOT NULL,
        "series_key" varchar(600) NOT NULL,
        "channel_index" smallint NOT NULL,
        "channel" varchar(16) NOT NULL,
        "target" varchar(2000) NOT NULL,
        "payload" jsonb NOT NULL,
        "status" varchar(16) NOT NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "response_code" integer,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_alert_delivery" PRIMARY KEY ("id"),
        CONSTRAINT "alert_delivery_event_key" UNIQUE ("rule_id", "event_key", "channel_index")
      )`);
    await q.query(
      `CREATE INDEX "alert_delivery_quiet_idx" ON "alert_delivery" ("rule_id", "series_key", "created_at")`,
    );
    await q.query(`CREATE INDEX "alert_delivery_created_at_idx" ON "alert_delivery" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "alert_delivery"`);
    await q.query(`DROP TABLE "alert_rule"`);
  }
}
