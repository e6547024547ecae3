import type { DataSource, EntityManager } from 'typeorm';
import {
  ANOMALY_SEVERITIES,
  type Anomaly,
  type AnomalyMetric,
  type AnomalySeverityLevel,
  type Dimension,
} from '@vigil/contracts';

/** The rollup counters anomaly detection reads of one minute of one series. */
export interface SeriesCounters {
  conversations: number;
  sentimentCount: number;
  sentimentSum: number;
  negative: number;
  qaCount: number;
  qaSum: number;
  escalations: number;
}

export interface SeriesRollupRow extends SeriesCounters {
  dimension: Dimension;
  value: string;
  bucket: Date;
}

/** The detector's stored state of one metric series. */
export interface StoredSeriesState {
  metric: AnomalyMetric;
  dimension: Dimension;
  value: string;
  state: unknown;
  lastBucket: Date;
}

/** An anomaly to store (its id and raisedAt come from the database). */
export type NewAnomaly = Omit<Anomaly, 'id' | 'raisedAt'>;

/** One dimension value: what the rollups are kept per. */
export interface SeriesKey {
  dimension: Dimension;
  value: string;
}

interface AnomalyRow {
  id: string;
  metric: AnomalyMetric;
  dimension: Dimension;
  value: string;
  bucket: Date;
  observed: number;
  expected: number;
  lower: number;
  upper: number;
  score: number;
  severity: AnomalySeverityLevel;
  raised_at: Date;
}

const ANOMALY_COLUMNS = `id, metric, dimension, value, bucket, observed, expected, lower, upper, score, severity, raised_at`;

function toAnomaly(r: AnomalyRow): Anomaly {
  return {
    id: r.id,
    series: { metric: r.metric, dimension: { kind: r.dimension, value: r.value } },
    at: new Date(r.bucket).toISOString(),
    observed: r.observed,
    expected: r.expected,
    lower: r.lower,
    upper: r.upper,
    score: r.score,
    severity: r.severity,
    raisedAt: new Date(r.raised_at).toISOString(),
  };
}

/**
 * A key of its own for the detection lock (pg advisory locks share one key space per database): one
 * detection tick at a time across every workers process, whatever the queue does.
 */
const DETECTION_LOCK = `hashtext('vigil:anomaly-detection')`;

/** What one detection tick reads and writes, inside its transaction and under the detection lock. */
export class AnomalyDetectionTransaction {
  constructor(private readonly m: EntityManager) {}

  /** Dimension values with conversations counted in the hourly rollups of [from, to). */
  async activeSeries(from: Date, to: Date): Promise<SeriesKey[]> {
    return this.m.query(
      `SELECT DISTINCT dimension, value FROM rollup
        WHERE granularity = 'hour' AND bucket >= $1 AND bucket < $2 AND conversations > 0`,
      [from, to],
    );
  }

  /**
   * Every stored series with its last bucket; the state itself (a few KB of JSON) only of those that
   * have buckets to learn (last bucket before `before`), so a tick with nothing closed reads little.
   */
  async states(before: Date): Promise<StoredSeriesState[]> {
    const rows: Array<{
      metric: AnomalyMetric;
      dimension: Dimension;
      value: string;
      state: unknown;
      last_bucket: Date;
    }> = await this.m.query(
      `SELECT metric, dimension, value, CASE WHEN last_bucket < $1 THEN state END AS state, last_bucket
         FROM anomaly_series`,
      [before],
    );
    return rows.map((r) => ({ ...r, lastBucket: new Date(r.last_bucket) }));
  }

  /**
   * The end time of the oldest conversation ended at or after `since` that is stored but not yet
   * scored (received or queued; a failed one will not be counted later, so it does not hold anything
   * back), or null when there is none. Its minute's rollups are still incomplete.
   */
  async oldestUnscoredEndedAt(since: Date): Promise<Date | null> {
    // Materialised: read through the partial index of unscored conversations (a few rows), never by
    // walking the index of every conversation's end time until an unscored one turns up.
    const [row] = (await this.m.query(
      `WITH unscored AS MATERIALIZED (
         SELECT ended_at FROM conversation WHERE status IN ('received', 'queued'))
       SELECT min(ended_at) AS oldest FROM unscored WHERE ended_at >= $1`,
      [since],
    )) as [{ oldest: Date | null }];
    return row.oldest ? new Date(row.oldest) : null;
  }

  /** Minute rollup rows of some dimension values in [from, to), oldest first. */
  async minutes(series: SeriesKey[], from: Date, to: Date): Promise<SeriesRollupRow[]> {
    if (!series.length) return [];
    const rows: SeriesRollupRow[] = await this.m.query(
      `SELECT r.dimension, r.value, r.bucket, r.conversations,
              r.sentiment_count AS "sentimentCount", r.sentiment_sum AS "sentimentSum", r.negative,
              r.qa_count AS "qaCount", r.qa_sum AS "qaSum", r.escalations
         FROM unnest($1::varchar[], $2::varchar[]) AS s(dimension, value)
         JOIN rollup r ON r.granularity = 'minute' AND r.dimension = s.dimension AND r.value = s.value
                      AND r.bucket >= $3 AND r.bucket < $4
        ORDER BY r.bucket`,
      [series.map((s) => s.dimension), series.map((s) => s.value), from, to],
    );
    return rows.map((r) => ({ ...r, bucket: new Date(r.bucket) }));
  }

  /** Write series states (insert or replace), in one statement. */
  async saveStates(states: StoredSeriesState[]): Promise<void> {
    if (!states.length) return;
    await this.m.query(
      `INSERT INTO anomaly_series (metric, dimension, value, state, last_bucket, updated_at)
       SELECT s.metric, s.dimension, s.value, s.state, s.last_bucket, now()
         FROM jsonb_to_recordset($1::jsonb)
           AS s(metric varchar, dimension varchar, value varchar, state jsonb, last_bucket timestamptz)
       ON CONFLICT (metric, dimension, value)
       DO UPDATE SET state = EXCLUDED.state, last_bucket = EXCLUDED.last_bucket, updated_at = now()`,
      [
        JSON.stringify(
          states.map((s) => ({
            metric: s.metric,
            dimension: s.dimension,
            value: s.value,
            state: s.state,
            last_bucket: s.lastBucket.toISOString(),
          })),
        ),
      ],
    );
  }

  /** Forget series with nothing to learn from any more (no bucket since `before`). */
  async dropSeriesBefore(before: Date): Promise<void> {
    await this.m.query(`DELETE FROM anomaly_series WHERE last_bucket < $1`, [before]);
  }

  /** Store anomalies; one per series and bucket, so those already stored are not returned again. */
  async insertAnomalies(anomalies: NewAnomaly[]): Promise<Anomaly[]> {
    if (!anomalies.length) return [];
    const rows: AnomalyRow[] = await this.m.query(
      `INSERT INTO anomaly (metric, dimension, value, bucket, observed, expected, lower, upper, score, severity)
       SELECT a.metric, a.dimension, a.value, a.bucket, a.observed, a.expected, a.lower, a.upper, a.score, a.severity
         FROM jsonb_to_recordset($1::jsonb) AS a(metric varchar, dimension varchar, value varchar,
              bucket timestamptz, observed float8, expected float8, lower float8, upper float8,
              score float8, severity varchar)
       ON CONFLICT (metric, dimension, value, bucket) DO NOTHING
       RETURNING ${ANOMALY_COLUMNS}`,
      [
        JSON.stringify(
          anomalies.map((a) => ({
            metric: a.series.metric,
            dimension: a.series.dimension.kind,
            value: a.series.dimension.value,
            bucket: a.at,
            observed: a.observed,
            expected: a.expected,
            lower: a.lower,
            upper: a.upper,
            score: a.score,
            severity: a.severity,
          })),
        ),
      ],
    );
    return rows.map(toAnomaly).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }
}

export interface AnomalyFilter {
  since: Date;
  metric?: AnomalyMetric;
  dimension?: SeriesKey;
  minSeverity?: AnomalySeverityLevel;
  /** Only these teams' series (a user limited to teams); null for every series. */
  teams: readonly string[] | null;
  limit: number;
}

/** Anomalies and the detector's state per series. */
export class AnomalyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Run `work` in one transaction holding the detection lock, or return null at once if another
   * process holds it (its tick is evaluating the same buckets).
   */
  async withDetectionLock<T>(work: (tx: AnomalyDetectionTransaction) => Promise<T>): Promise<T | null> {
    return this.dataSource.transaction(async (m) => {
      const [{ locked }] = (await m.query(
        `SELECT pg_try_advisory_xact_lock(${DETECTION_LOCK}) AS locked`,
      )) as [{ locked: boolean }];
      if (!locked) return null;
      return work(new AnomalyDetectionTransaction(m));
    });
  }

  /** Recent anomalies, newest first. */
  async list(filter: AnomalyFilter): Promise<Anomaly[]> {
    const severities = filter.minSeverity
      ? ANOMALY_SEVERITIES.slice(ANOMALY_SEVERITIES.indexOf(filter.minSeverity))
      : null;
    const rows: AnomalyRow[] = await this.dataSource.query(
      `SELECT ${ANOMALY_COLUMNS} FROM anomaly
        WHERE bucket >= $1
          AND ($2::varchar IS NULL OR metric = $2)
          AND ($3::varchar IS NULL OR (dimension = $3 AND value = $4))
          AND ($5::varchar[] IS NULL OR severity = ANY($5::varchar[]))
          AND ($6::varchar[] IS NULL OR (dimension = 'team' AND value = ANY($6::varchar[])))
        ORDER BY bucket DESC, score DESC, id LIMIT $7`,
      [
        filter.since,
        filter.metric ?? null,
        filter.dimension?.dimension ?? null,
        filter.dimension?.value ?? null,
        severities,
        filter.teams,
        filter.limit,
      ],
    );
    return rows.map(toAnomaly);
  }

  async find(id: string): Promise<Anomaly | null> {
    const rows: AnomalyRow[] = await this.dataSource.query(
      `SELECT ${ANOMALY_COLUMNS} FROM anomaly WHERE id = $1`,
      [id],
    );
    return rows[0] ? toAnomaly(rows[0]) : null;
  }
}
