import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anomaly detection: the detector's learned state per series (a metric of one dimension value), so
 * detection survives restarts and any workers process can continue it, and the anomalies it raised.
 * One anomaly per series and bucket: a tick that is retried cannot raise the same one twice.
 */
export class Anomalies1796680000000 implements MigrationInterface {
  name = 'Anomalies1796680000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "anomaly_series" (
        "metric" varchar(32) NOT NULL,
        "dimension" varchar(16) NOT NULL,
        "value" varchar(200) NOT NULL,
        "state" jsonb NOT NULL,
        "last_bucket" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_anomaly_series" PRIMARY KEY ("metric", "dimension", "value")
      )`);
    await q.query(`
      CREATE TABLE "anomaly" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "metric" varchar(32) NOT NULL,
        "dimension" varchar(16) NOT NULL,
        "value" varchar(200) NOT NULL,
        "bucket" timestamptz NOT NULL,
        "observed" double precision NOT NULL,
        "expected" double precision NOT NULL,
        "lower" double precision NOT NULL,
        "upper" double precision NOT NULL,
        "score" double precision NOT NULL,
        "severity" varchar(8) NOT NULL,
        "raised_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_anomaly" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_anomaly_series_bucket" UNIQUE ("metric", "dimension", "value", "bucket")
      )`);
    await q.query(`CREATE INDEX "IDX_anomaly_bucket" ON "anomaly" ("bucket")`);
    await q.query(
      `CREATE INDEX "IDX_anomaly_dimension_bucket" ON "anomaly" ("dimension", "value", "bucket")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "anomaly"`);
    await q.query(`DROP TABLE "anomaly_series"`);
  }
}
