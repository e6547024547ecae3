import { randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention and erasure.
 *
 * - `retention_policy`: one row, the days each class of data is kept (null: forever), with the
 *   shipped defaults (text 365, scores 730, flags 730, audit 2555).
 * - `conversation.text_expired_at` / `scores_expired_at`: when the nightly run emptied the text or
 *   deleted the analyses of a conversation it keeps (lists and rollups still count it).
 * - An index on `conversation.customer_id`, so an erasure finds a customer's conversations without
 *   reading them all.
 * - `instance_secret`: the key of the keyed hash that names an erased customer in the records.
 * - The audit log's trigger keeps refusing UPDATE, DELETE and TRUNCATE, with one exception: a DELETE
 *   inside a transaction that set `vigil.audit_retention` to `on` (SET LOCAL / set_config(…, true):
 *   the retention run does) of a row older than the audit period *stored in retention_policy* — the
 *   setting only says "this is the retention run"; what may go is decided by the table, so no
 *   session can widen it, and "keep forever" (null) lets nothing through.
 */
export class Retention1796620000000 implements MigrationInterface {
  name = 'Retention1796620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "retention_policy" (
        "id" smallint NOT NULL DEFAULT 1,
        "text_days" integer,
        "scores_days" integer,
        "flags_days" integer,
        "audit_days" integer,
        "updated_at" timestamptz,
        "updated_by" varchar(320),
        CONSTRAINT "PK_retention_policy" PRIMARY KEY ("id"),
        CONSTRAINT "retention_policy_one_row" CHECK ("id" = 1),
        CONSTRAINT "retention_policy_audit_days" CHECK ("audit_days" IS NULL OR "audit_days" >= 365)
      )`);
    await q.query(
      `INSERT INTO "retention_policy" (id, text_days, scores_days, flags_days, audit_days) VALUES (1, 365, 730, 730, 2555)`,
    );

    await q.query(
      `ALTER TABLE "conversation" ADD "text_expired_at" timestamptz, ADD "scores_expired_at" timestamptz`,
    );
    await q.query(
      `CREATE INDEX "conversation_customer_id_idx" ON "conversation" ("customer_id") WHERE customer_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE "instance_secret" (
        "name" varchar(64) NOT NULL,
        "value" varchar(200) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_instance_secret" PRIMARY KEY ("name")
      )`);
    await q.query(`INSERT INTO "instance_secret" (name, value) VALUES ('erasure-subject', $1)`, [
      randomBytes(32).toString('hex'),
    ]);

    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        keep_days integer;
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('vigil.audit_retention', true) = 'on' THEN
          SELECT audit_days INTO keep_days FROM retention_policy WHERE id = 1;
          IF keep_days IS NOT NULL AND OLD.at < now() - make_interval(days => keep_days) THEN
            RETURN OLD;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`DROP TABLE "instance_secret"`);
    await q.query(`DROP INDEX "conversation_customer_id_idx"`);
    await q.query(`ALTER TABLE "conversation" DROP "text_expired_at", DROP "scores_expired_at"`);
    await q.query(`DROP TABLE "retention_policy"`);
  }
}
