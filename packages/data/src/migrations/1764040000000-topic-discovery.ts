import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Topic discovery runs and their candidates; conversations are found by their empty topic list. */
export class TopicDiscovery1764040000000 implements MigrationInterface {
  name = 'TopicDiscovery1764040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "topic_discovery_run" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "from_at" timestamptz NOT NULL,
        "to_at" timestamptz NOT NULL,
        "status" varchar(16) NOT NULL DEFAULT 'queued',
        "considered" integer NOT NULL DEFAULT 0,
        "explained" integer NOT NULL DEFAULT 0,
        "unclustered" integer NOT NULL DEFAULT 0,
        "candidates" jsonb NOT NULL DEFAULT '[]',
        "config_version" integer,
        "error" text,
        "requested_by" varchar(320),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "finished_at" timestamptz,
        CONSTRAINT "PK_topic_discovery_run" PRIMARY KEY ("id")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "topic_discovery_run"`);
  }
}
