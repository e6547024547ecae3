import type { DataSource, EntityManager } from 'typeorm';
import type { DiscoveredTopic, RetentionCounts, RetentionPolicy } from '@vigil/contracts';
import { BackgroundRunEntity } from '../entities/background-run.entity';

export const BACKGROUND_RUN_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type BackgroundRunStatus = (typeof BACKGROUND_RUN_STATUSES)[number];

/** A period, as ISO strings. */
export interface PeriodParams {
  from: string;
  to: string;
}

/**
 * Each kind of background run with what it is asked (params) and what it records (result). A new
 * kind of run is one more entry here; the table, the repository and the API's service serve it.
 */
export interface BackgroundRunKinds {
  /** Rescoring the conversations that ended in a period with the configuration in force. */
  rescore: { params: PeriodParams; result: { configVersion?: number | null } };
  /** Topic discovery over a period's conversations that no topic explains. */
  'topic-discovery': {
    params: PeriodParams;
    result: {
      configVersion?: number | null;
      considered?: number;
      explained?: number;
      unclustered?: number;
      candidates?: DiscoveredTopic[];
    };
  };
  /** The retention run: what had outlived the periods in force (`policy`, as the run began) expired. */
  retention: {
    params: Record<string, never>;
    result: {
      policy?: RetentionPolicy;
      removed?: RetentionCounts;
      /** Topic-discovery examples quoting conversations whose text expired. */
      discoveryExamples?: number;
      /** Background runs' files (report PDFs) past their expiry, deleted. */
      reportFiles?: number;
    };
  };
  /**
   * The erasure of one customer's data. `subject` is the keyed hash of their id (never the id);
   * `removed` counts rows per table, queue jobs and discovery examples.
   */
  erasure: { params: { subject: string }; result: { removed?: Record<string, number> } };
  /**
   * A coaching report too large to build while the request waits: its query, the teams the
   * requester may see (null: every team), the requesting user (only they, or an admin, may read the
   * run and its file), and the file it made (see ReportFileRepository).
   */
  'coaching-report': {
    params: {
      agent?: string;
      team?: string;
      from: string;
      to: string;
      teams: string[] | null;
      requesterId: string | null;
    };
    result: { conversations?: number; fileName?: string; expiresAt?: string };
  };
}
export type BackgroundRunKind = keyof BackgroundRunKinds;

export interface BackgroundRun<K extends BackgroundRunKind> {
  id: string;
  kind: K;
  status: BackgroundRunStatus;
  params: BackgroundRunKinds[K]['params'];
  done: number;
  total: number;
  result: BackgroundRunKinds[K]['result'];
  error: string | null;
  requestedBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

function toRun<K extends BackgroundRunKind>(e: BackgroundRunEntity): BackgroundRun<K> {
  return {
    id: e.id,
    kind: e.kind as K,
    status: e.status as BackgroundRunStatus,
    params: e.params as BackgroundRunKinds[K]['params'],
    done: e.done,
    total: e.total,
    result: e.result as BackgroundRunKinds[K]['result'],
    error: e.error,
    requestedBy: e.requestedBy,
    createdAt: e.createdAt,
    startedAt: e.startedAt,
    finishedAt: e.finishedAt,
  };
}

/** Errors are kept readable, not whole stack dumps. */
const MAX_ERROR = 2000;

/** Background runs of every kind: asked for, started, advanced, finished or failed. */
export class BackgroundRunRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get runs() {
    return this.dataSource.getRepository(BackgroundRunEntity);
  }

  async create<K extends BackgroundRunKind>(
    kind: K,
    params: BackgroundRunKinds[K]['params'],
    requestedBy: string | null,
  ): Promise<BackgroundRun<K>> {
    return toRun<K>(await this.runs.save({ kind, params: { ...params }, requestedBy }));
  }

  async find<K extends BackgroundRunKind>(kind: K, id: string): Promise<BackgroundRun<K> | null> {
    const run = await this.runs.findOneBy({ id, kind });
    return run ? toRun<K>(run) : null;
  }

  /** The newest runs of a kind, optionally only those with a status. */
  async recent<K extends BackgroundRunKind>(
    kind: K,
    limit: number,
    status?: BackgroundRunStatus,
  ): Promise<Array<BackgroundRun<K>>> {
    const rows = await this.runs.find({
      where: status ? { kind, status } : { kind },
      order: { createdAt: 'DESC' },
      take: limit,
    });
    return rows.map((r) => toRun<K>(r));
  }

  /** The newest runs of a kind whose params contain `params` (jsonb containment). */
  async recentWith<K extends BackgroundRunKind>(
    kind: K,
    params: Partial<BackgroundRunKinds[K]['params']>,
    limit: number,
  ): Promise<Array<BackgroundRun<K>>> {
    const rows = await this.runs
      .createQueryBuilder('r')
      .where('r.kind = :kind AND r.params @> CAST(:params AS jsonb)', {
        kind,
        params: JSON.stringify(params),
      })
      .orderBy('r.createdAt', 'DESC')
      .take(limit)
      .getMany();
    return rows.map((r) => toRun<K>(r));
  }

  /** Running (again, after a retry): progress starts over, `result` is merged into the stored one. */
  async start<K extends BackgroundRunKind>(
    id: string,
    { total = 0, result = {} }: { total?: number; result?: BackgroundRunKinds[K]['result'] } = {},
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE background_run SET status = 'running', started_at = now(), done = 0, total = $2,
              error = NULL, result = result || $3::jsonb
        WHERE id = $1`,
      [id, total, JSON.stringify(result)],
    );
  }

  async progress(id: string, done: number): Promise<void> {
    await this.runs.update(id, { done });
  }

  /** Done: `result` (serialised by the caller when it needs care, see toJsonb) is merged in. */
  async finish(
    id: string,
    { done, result }: { done?: number; result?: string | object } = {},
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE background_run SET status = 'done', finished_at = now(), done = coalesce($2, done),
              result = result || $3::jsonb
        WHERE id = $1`,
      [id, done ?? null, typeof result === 'string' ? result : JSON.stringify(result ?? {})],
    );
  }

  async fail(id: string, error: string): Promise<void> {
    await this.runs.update(id, {
      status: 'failed',
      error: error.slice(0, MAX_ERROR),
      finishedAt: new Date(),
    });
  }

  /**
   * Change a run's result under a row lock, in the caller's transaction (`manager`): e.g. marking a
   * discovered topic adopted in the transaction that adopts it. Returns false if there is no such run.
   */
  async updateResult<K extends BackgroundRunKind>(
    manager: EntityManager,
    kind: K,
    id: string,
    update: (result: BackgroundRunKinds[K]['result']) => BackgroundRunKinds[K]['result'],
  ): Promise<boolean> {
    const [row]: Array<{ result: BackgroundRunKinds[K]['result'] }> = await manager.query(
      `SELECT result FROM background_run WHERE id = $1 AND kind = $2 FOR UPDATE`,
      [id, kind],
    );
    if (!row) return false;
    await manager.query(`UPDATE background_run SET result = $2::jsonb WHERE id = $1`, [
      id,
      JSON.stringify(update(row.result)),
    ]);
    return true;
  }

  /** Keep the newest `keep` runs of a kind. */
  async prune(kind: BackgroundRunKind, keep: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM background_run WHERE id IN (
         SELECT id FROM background_run WHERE kind = $1 ORDER BY created_at DESC OFFSET $2)`,
      [kind, keep],
    );
  }
}
