import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coaching reports built in the background and sent on a schedule:
 * - background_run_file: the file a background run made (a large report's PDF), kept in Postgres
 *   (the source of truth every api instance reads) until expires_at, then deleted; it goes with
 *   its run.
 * - report_subscription: recipients of a weekly coaching report for an agent or a team, with the
 *   teams its creator could see when they subscribed (null: every team), so that a scheduled
 *   report shows no more than its creator may read.
 */
export class ReportFilesAndSubscriptions1796700000000 implements MigrationInterface {
  name = 'ReportFilesAndSubscriptions1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "background_run_file" (
        "run_id" uuid NOT NULL,
        "file_name" varchar(200) NOT NULL,
        "content_type" varchar(100) NOT NULL,
        "content" bytea NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        CONSTRAINT "PK_background_run_file" PRIMARY KEY ("run_id"),
        CONSTRAINT "FK_background_run_file_run" FOREIGN KEY ("run_id")
          REFERENCES "background_run" ("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "background_run_file_expires_idx" ON "background_run_file" ("expires_at")`);
    await q.query(`
      CREATE TABLE "report_subscription" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "subject_kind" varchar(8) NOT NULL CHECK ("subject_kind" IN ('agent', 'team')),
        "subject" varchar(200) NOT NULL,
        "recipients" text[] NOT NULL,
        "teams" text[],
        "created_by" varchar(400) NOT NULL,
        "created_by_id" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_sent_at" timestamptz,
        CONSTRAINT "PK_report_subscription" PRIMARY KEY ("id")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "report_subscription"`);
    await q.query(`DROP TABLE "background_run_file"`);
  }
}
