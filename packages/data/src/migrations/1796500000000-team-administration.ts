import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Team administration: users limited to teams, invited or signed in through OIDC (so without a
 * local password), sessions a user can list and end, ingest keys with a source and a last use, and
 * the audit log — append-only: a trigger refuses every UPDATE, DELETE and TRUNCATE of it, whoever asks.
 */
export class TeamAdministration1796500000000 implements MigrationInterface {
  name = 'TeamAdministration1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "app_user"
        ADD "teams" text[],
        ADD "source" varchar(8) NOT NULL DEFAULT 'local',
        ADD "oidc_subject" varchar(255),
        ADD "last_sign_in_at" timestamptz,
        ALTER "password_hash" DROP NOT NULL`);
    await q.query(
      `CREATE UNIQUE INDEX "app_user_oidc_subject_key" ON "app_user" ("oidc_subject") WHERE "oidc_subject" IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE "invitation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "token_hash" varchar(64) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz,
        CONSTRAINT "PK_invitation" PRIMARY KEY ("id"),
        CONSTRAINT "invitation_user_fk" FOREIGN KEY ("user_id") REFERENCES "app_user" ("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX "invitation_token_hash_key" ON "invitation" ("token_hash")`);

    await q.query(`
      ALTER TABLE "session"
        ADD "last_seen_at" timestamptz NOT NULL DEFAULT now(),
        ADD "ip" varchar(64),
        ADD "user_agent" varchar(300)`);
    await q.query(`CREATE INDEX "session_user_idx" ON "session" ("user_id")`);

    await q.query(`
      ALTER TABLE "api_key"
        ADD "source" varchar(200),
        ADD "created_by" varchar(320),
        ADD "last_used_at" timestamptz`);

    await q.query(`
      CREATE TABLE "audit_log" (
        "id" bigserial NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now(),
        "actor" varchar(400) NOT NULL,
        "actor_id" uuid,
        "action" varchar(64) NOT NULL,
        "target" varchar(400),
        "ip" varchar(64),
        "details" jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT "PK_audit_log" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "audit_log_at_idx" ON "audit_log" ("at")`);
    await q.query(`CREATE INDEX "audit_log_action_at_idx" ON "audit_log" ("action", "at")`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log"
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_log"`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    await q.query(`ALTER TABLE "api_key" DROP "source", DROP "created_by", DROP "last_used_at"`);
    await q.query(`DROP INDEX "session_user_idx"`);
    await q.query(`ALTER TABLE "session" DROP "last_seen_at", DROP "ip", DROP "user_agent"`);
    await q.query(`DROP TABLE "invitation"`);
    await q.query(`DROP INDEX "app_user_oidc_subject_key"`);
    // Users without a local password (invited, OIDC) cannot survive the old NOT NULL.
    await q.query(`DELETE FROM "app_user" WHERE "password_hash" IS NULL`);
    await q.query(`
      ALTER TABLE "app_user"
        DROP "teams", DROP "source", DROP "oidc_subject", DROP "last_sign_in_at",
        ALTER "password_hash" SET NOT NULL`);
  }
}
