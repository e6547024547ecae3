import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One table for every background run (rescoring, topic discovery; reports, erasure and backfills
 * next) instead of a table per kind: the rows of rescore_run and topic_discovery_run move into
 * background_run, their own columns into params and result.
 */
export class BackgroundRuns1796400490716 implements MigrationInterface {
  name = 'BackgroundRuns1796400490716';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "background_run" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" varchar(32) NOT NULL,
        "status" varchar(16) NOT NULL DEFAULT 'queued',
        "params" jsonb NOT NULL DEFAULT '{}',
        "done" integer NOT NULL DEFAULT 0,
        "total" integer NOT NULL DEFAULT 0,
        "result" jsonb NOT NULL DEFAULT '{}',
        "error" text,
        "requested_by" varchar(320),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "started_at" timestamptz,
        "finished_at" timestamptz,
        CONSTRAINT "PK_background_run" PRIMARY KEY ("id")
      )`);
    await q.query(
      `CREATE INDEX "background_run_kind_created_idx" ON "background_run" ("kind", "created_at")`,
    );
    // Periods as ISO strings (what the API returns); runs that got going count as started when asked.
    const period = `jsonb_build_object(
        'from', to_char(from_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'to', to_char(to_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;
    await q.query(`
      INSERT INTO "background_run" (id, kind, status, params, done, total, result, error, requested_by,
                                    created_at, started_at, finished_at)
      SELECT id, 'rescore', status, ${period}, done, total, jsonb_build_object('configVersion', config_version),
             error, requested_by, created_at, CASE WHEN status <> 'queued' THEN created_at END, finished_at
        FROM "rescore_run"`);
    await q.query(`
      INSERT INTO "background_run" (id, kind, status, params, result, error, requested_by,
                                    created_at, started_at, finished_at)
      SELECT id, 'topic-discovery', status, ${period},
             jsonb_build_object('configVersion', config_version, 'considered', considered,
                                'explained', explained, 'unclustered', unclustered, 'candidates', candidates),
             error, requested_by, created_at, CASE WHEN status <> 'queued' THEN created_at END, finished_at
        FROM "topic_discovery_run"`);
    await q.query(`DROP TABLE "rescore_run"`);
    await q.query(`DROP TABLE "topic_discovery_run"`);
  }

  async down(q: QueryRunner): Promise<void> {
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
    await q.query(`
      INSERT INTO "rescore_run" (id, from_at, to_at, status, total, done, config_version, error,
                                 requested_by, created_at, finished_at)
      SELECT id, (params->>'from')::timestamptz, (params->>'to')::timestamptz, status, total, done,
             (result->>'configVersion')::int, error, requested_by, created_at, finished_at
        FROM "background_run" WHERE kind = 'rescore'`);
    await q.query(`
      INSERT INTO "topic_discovery_run" (id, from_at, to_at, status, considered, explained, unclustered,
                                         candidates, config_version, error, requested_by, created_at, finished_at)
      SELECT id, (params->>'from')::timestamptz, (params->>'to')::timestamptz, status,
             coalesce((result->>'considered')::int, 0), coalesce((result->>'explained')::int, 0),
             coalesce((result->>'unclustered')::int, 0), coalesce(result->'candidates', '[]'),
             (result->>'configVersion')::int, error, requested_by, created_at, finished_at
        FROM "background_run" WHERE kind = 'topic-discovery'`);
    await q.query(`DROP TABLE "background_run"`);
  }
}
