import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EngineConfig1764010000000 implements MigrationInterface {
  name = 'EngineConfig1764010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "engine_config" (
        "version" SERIAL NOT NULL,
        "config" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "created_by" varchar(320),
        "note" varchar(500),
        CONSTRAINT "PK_engine_config" PRIMARY KEY ("version")
      )`);
    await q.query(`
      CREATE TABLE "rescore_run" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "from_at" timestamptz NOT NULL,
        "to_at" timestamptz NOT NULL,
        "status" varchar(16) NOT NULL DEFAULT 'queued',
        "total" integer NOT NULL DEFAULT 0,
        "done" integer NOT NULL DEFAULT 0,
        "config_version" integer,
        "error" text,
        "requested_by" varchar(320),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "finished_at" timestamptz,
        CONSTRAINT "PK_rescore_run" PRIMARY KEY ("id")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rescore_run"`);
    await q.query(`DROP TABLE "engine_config"`);
  }
}
