import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flags and the review queue: a flag per conversation, source and rule (rescoring updates it), its
 * history and comments (flag_event, appended to), and the compliance overview's counters
 * (flag_rollup), kept as flags are raised and decided.
 */
export class Flags1796610000000 implements MigrationInterface {
  name = 'Flags1796610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "flag" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "conversation_id" uuid NOT NULL,
        "source" varchar(16) NOT NULL DEFAULT 'policy',
        "rule_id" varchar(200) NOT NULL,
        "rule_version" varchar(100) NOT NULL,
        "kind" varchar(40) NOT NULL,
        "severity" varchar(16) NOT NULL,
        "severity_rank" smallint NOT NULL,
        "label" varchar(300) NOT NULL,
        "reason" text NOT NULL,
        "evidence" jsonb NOT NULL DEFAULT '[]',
        "status" varchar(16) NOT NULL DEFAULT 'open',
        "decision_reason" text,
        "decided_at" timestamptz,
        "closed_at" timestamptz,
        "cleared_at" timestamptz,
        "assignee_id" uuid,
        "team" varchar(200),
        "channel" varchar(16) NOT NULL,
        "conversation_ended_at" timestamptz NOT NULL,
        "raised_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "PK_flag" PRIMARY KEY ("id"),
        CONSTRAINT "flag_conversation_rule_key" UNIQUE ("conversation_id", "source", "rule_id"),
        CONSTRAINT "flag_conversation_fk" FOREIGN KEY ("conversation_id")
          REFERENCES "conversation" ("id") ON DELETE CASCADE,
        CONSTRAINT "flag_assignee_fk" FOREIGN KEY ("assignee_id")
          REFERENCES "app_user" ("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "flag_queue_idx" ON "flag" ("status", "severity_rank", "raised_at")`);
    await q.query(`CREATE INDEX "flag_team_raised_at_idx" ON "flag" ("team", "raised_at")`);
    await q.query(`CREATE INDEX "flag_rule_idx" ON "flag" ("rule_id")`);
    await q.query(`CREATE INDEX "flag_assignee_idx" ON "flag" ("assignee_id")`);

    await q.query(`
      CREATE TABLE "flag_event" (
        "id" bigserial NOT NULL,
        "flag_id" uuid NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now(),
        "kind" varchar(16) NOT NULL,
        "actor" varchar(400) NOT NULL,
        "actor_id" uuid,
        "details" jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT "PK_flag_event" PRIMARY KEY ("id"),
        CONSTRAINT "flag_event_flag_fk" FOREIGN KEY ("flag_id") REFERENCES "flag" ("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "flag_event_flag_idx" ON "flag_event" ("flag_id", "id")`);

    await q.query(`
      CREATE TABLE "flag_rollup" (
        "granularity" varchar(8) NOT NULL,
        "bucket" timestamptz NOT NULL,
        "team" varchar(200) NOT NULL,
        "source" varchar(16) NOT NULL,
        "rule_id" varchar(200) NOT NULL,
        "severity" varchar(16) NOT NULL,
        "raised" integer NOT NULL DEFAULT 0,
        "closed" integer NOT NULL DEFAULT 0,
        "confirmed" integer NOT NULL DEFAULT 0,
        "dismissed" integer NOT NULL DEFAULT 0,
        "escalated" integer NOT NULL DEFAULT 0,
        "decisions" integer NOT NULL DEFAULT 0,
        "decision_seconds" double precision NOT NULL DEFAULT 0,
        CONSTRAINT "PK_flag_rollup" PRIMARY KEY ("granularity", "bucket", "team", "source", "rule_id", "severity")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "flag_rollup"`);
    await q.query(`DROP TABLE "flag_event"`);
    await q.query(`DROP TABLE "flag"`);
  }
}
