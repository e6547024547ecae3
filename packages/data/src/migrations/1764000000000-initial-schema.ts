import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "conversation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "source" varchar(200) NOT NULL,
        "external_id" varchar(200) NOT NULL,
        "channel" varchar(16) NOT NULL,
        "language" varchar(16),
        "team" varchar(200),
        "agent_ids" text[] NOT NULL DEFAULT '{}',
        "customer_id" varchar(200),
        "started_at" timestamptz NOT NULL,
        "ended_at" timestamptz NOT NULL,
        "message_count" integer NOT NULL,
        "content" jsonb NOT NULL,
        "status" varchar(16) NOT NULL DEFAULT 'received',
        "attempts" integer NOT NULL DEFAULT 0,
        "error" text,
        "customer_sentiment" double precision,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        "queued_at" timestamptz,
        "scored_at" timestamptz,
        CONSTRAINT "PK_conversation" PRIMARY KEY ("id"),
        CONSTRAINT "conversation_source_external_id_key" UNIQUE ("source", "external_id")
      )`);
    await q.query(`CREATE INDEX "conversation_ended_at_idx" ON "conversation" ("ended_at")`);
    await q.query(`CREATE INDEX "conversation_team_ended_at_idx" ON "conversation" ("team", "ended_at")`);
    await q.query(
      `CREATE INDEX "conversation_channel_ended_at_idx" ON "conversation" ("channel", "ended_at")`,
    );
    await q.query(
      `CREATE INDEX "conversation_unscored_idx" ON "conversation" ("received_at") WHERE status IN ('received', 'queued')`,
    );

    await q.query(`
      CREATE TABLE "conversation_analysis" (
        "conversation_id" uuid NOT NULL,
        "analyzer" varchar(32) NOT NULL,
        "version" varchar(32) NOT NULL,
        "output" jsonb NOT NULL,
        "scored_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_conversation_analysis" PRIMARY KEY ("conversation_id", "analyzer"),
        CONSTRAINT "conversation_analysis_conversation_fk" FOREIGN KEY ("conversation_id")
          REFERENCES "conversation" ("id") ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE "rollup" (
        "granularity" varchar(8) NOT NULL,
        "dimension" varchar(16) NOT NULL,
        "value" varchar(200) NOT NULL,
        "bucket" timestamptz NOT NULL,
        "conversations" integer NOT NULL DEFAULT 0,
        "sentiment_count" integer NOT NULL DEFAULT 0,
        "sentiment_sum" double precision NOT NULL DEFAULT 0,
        "negative" integer NOT NULL DEFAULT 0,
        "messages" integer NOT NULL DEFAULT 0,
        CONSTRAINT "PK_rollup" PRIMARY KEY ("granularity", "dimension", "value", "bucket")
      )`);

    await q.query(`
      CREATE TABLE "app_user" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" varchar(320) NOT NULL,
        "name" varchar(200) NOT NULL,
        "role" varchar(16) NOT NULL,
        "password_hash" varchar(300) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "disabled_at" timestamptz,
        CONSTRAINT "PK_app_user" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "app_user_email_key" ON "app_user" (lower("email"))`);

    await q.query(`
      CREATE TABLE "session" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "token_hash" varchar(64) NOT NULL,
        "user_id" uuid NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        CONSTRAINT "PK_session" PRIMARY KEY ("id"),
        CONSTRAINT "session_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX "session_token_hash_key" ON "session" ("token_hash")`);

    await q.query(`
      CREATE TABLE "api_key" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" varchar(200) NOT NULL,
        "key_hash" varchar(64) NOT NULL,
        "prefix" varchar(12) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "revoked_at" timestamptz,
        CONSTRAINT "PK_api_key" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "api_key_key_hash_key" ON "api_key" ("key_hash")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'api_key',
      'session',
      'app_user',
      'rollup',
      'conversation_analysis',
      'conversation',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
