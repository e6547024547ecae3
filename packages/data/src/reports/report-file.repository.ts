import type { DataSource } from 'typeorm';

/** A file a background run made, as stored. */
export interface RunFile {
  runId: string;
  fileName: string;
  contentType: string;
  content: Buffer;
  expiresAt: Date;
}

/**
 * Files made by background runs (a large coaching report's PDF), kept in Postgres so that any api
 * instance serves them, until they expire (VIGIL_REPORT_FILE_HOURS): an expired file is never
 * served, and the retention run deletes it.
 */
export class ReportFileRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores (or replaces, when a run is retried) the run's file, kept for `hours`. */
  async store(file: Omit<RunFile, 'expiresAt'>, hours: number): Promise<Date> {
    const [row]: Array<{ expires_at: Date }> = await this.dataSource.query(
      `INSERT INTO background_run_file (run_id, file_name, content_type, content, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))
       ON CONFLICT (run_id) DO UPDATE SET file_name = EXCLUDED.file_name,
         content_type = EXCLUDED.content_type, content = EXCLUDED.content,
         created_at = now(), expires_at = EXCLUDED.expires_at
       RETURNING expires_at`,
      [file.runId, file.fileName, file.contentType, file.content, hours],
    );
    return new Date(row!.expires_at);
  }

  /** The run's file, or null when there is none or it has expired (an expired one is deleted). */
  async read(runId: string): Promise<RunFile | null> {
    const [row] = await this.dataSource.query(
      `SELECT run_id, file_name, content_type, content, expires_at, expires_at <= now() AS expired
         FROM background_run_file WHERE run_id = $1`,
      [runId],
    );
    if (!row) return null;
    if (row.expired) {
      await this.dataSource.query(`DELETE FROM background_run_file WHERE run_id = $1`, [runId]);
      return null;
    }
    return {
      runId: row.run_id,
      fileName: row.file_name,
      contentType: row.content_type,
      content: row.content,
      expiresAt: new Date(row.expires_at),
    };
  }

  /** Deletes every expired file; returns how many. */
  async deleteExpired(): Promise<number> {
    // Counted by a SELECT: TypeORM answers a bare DELETE … RETURNING with [rows, count].
    const [row]: Array<{ n: number }> = await this.dataSource.query(
      `WITH gone AS (DELETE FROM background_run_file WHERE expires_at <= now() RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
    );
    return row!.n;
  }
}
