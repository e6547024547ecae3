import type { RetentionCounts, RetentionJob, RetentionPolicy } from '@vigil/contracts';
import type {
  AuditRepository,
  BackgroundRunRepository,
  ReportFileRepository,
  RetentionRepository,
} from '@vigil/data';

/** Conversations per batch (one short transaction each), and audit entries per batch. */
export const RETENTION_BATCH = 500;
export const AUDIT_BATCH = 5000;
/** Runs kept for the settings page; older ones are deleted when a run finishes. */
const KEEP_RUNS = 100;

const DAY_MS = 86_400_000;

/**
 * The retention run: expires what has outlived the periods in force, class by class, in batches
 * that each hold their locks for one short transaction — conversation text emptied (the row kept),
 * analyses deleted, flags deleted, audit entries deleted — and never touches the rollups, which
 * keep their counts. Every step expires only what is still there, so a retry finishes a run that
 * stopped half-way.
 */
export class RetentionService {
  constructor(
    private readonly runs: BackgroundRunRepository,
    private readonly retention: RetentionRepository,
    private readonly audit: AuditRepository,
    /**
     * Batch sizes (smaller in tests, to run many batches), the clock, and the background runs'
     * files (report PDFs), whose expired ones each run deletes.
     */
    private readonly options: {
      batch?: number;
      auditBatch?: number;
      now?: () => Date;
      reportFiles?: ReportFileRepository;
    } = {},
  ) {}

  private get batch(): number {
    return this.options.batch ?? RETENTION_BATCH;
  }

  /** Run the retention a job asks for; the nightly job has no run yet and makes its own. */
  async run(job: RetentionJob): Promise<string> {
    const run = job.runId
      ? await this.runs.find('retention', job.runId)
      : await this.runs.create('retention', {}, null);
    if (!run) throw new Error(`retention run ${job.runId} not found`);
    if (run.status === 'done') return run.id;
    try {
      const { policy } = await this.retention.policy();
      await this.runs.start<'retention'>(run.id, { result: { policy } });
      const { removed, discoveryExamples } = await this.expire(policy);
      // Report files outlive nothing but their own hours (VIGIL_REPORT_FILE_HOURS), whatever the policy.
      const reportFiles = (await this.options.reportFiles?.deleteExpired()) ?? 0;
      await this.runs.finish(run.id, {
        done: total(removed),
        result: { policy, removed, discoveryExamples, reportFiles },
      });
      await this.audit.append({
        actor: run.requestedBy ?? 'system',
        action: 'retention.applied',
        target: `retention:${run.id}`,
        details: { policy, removed, discoveryExamples },
      });
    } catch (error) {
      // Shown on the settings page; a retry of the job starts the run again.
      await this.runs.fail(run.id, error instanceof Error ? error.message : String(error));
      throw error;
    }
    await this.runs.prune('retention', KEEP_RUNS);
    return run.id;
  }

  private async expire(
    policy: RetentionPolicy,
  ): Promise<{ removed: RetentionCounts; discoveryExamples: number }> {
    const removed: RetentionCounts = { text: 0, scores: 0, flags: 0, audit: 0 };
    const now = this.options.now?.() ?? new Date();
    const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const dependents = await this.retention.dependents();

    if (policy.scores !== null) {
      const before = cutoff(policy.scores);
      for (let from: Date | null = null; ;) {
        const batch = await this.retention.expireScoresBatch(before, this.batch, dependents.scores, from);
        removed.scores += batch.rows;
        if (batch.conversations === 0) break;
        from = batch.last;
      }
    }
    if (policy.flags !== null) {
      const before = cutoff(policy.flags);
      for (const table of dependents.flags) {
        for (let n = -1; n !== 0;) {
          n = await this.retention.expireFlagsBatch(before, this.batch, table);
          removed.flags += n;
        }
      }
    }
    let discoveryExamples = 0;
    if (policy.text !== null) {
      const before = cutoff(policy.text);
      for (let from: Date | null = null; ;) {
        const batch = await this.retention.expireTextBatch(
          before,
          this.batch,
          dependents.text,
          dependents.flags,
          from,
        );
        removed.text += batch.conversations;
        if (batch.conversations === 0) break;
        from = batch.last;
      }
      discoveryExamples = await this.retention.forgetDiscoveryExamples();
    }
    // The audit period is applied by the database (the trigger checks it row by row).
    if (policy.audit !== null) {
      for (let n = -1; n !== 0;) {
        n = await this.retention.expireAuditBatch(this.options.auditBatch ?? AUDIT_BATCH);
        removed.audit += n;
      }
    }
    return { removed, discoveryExamples };
  }

  async fail(runId: string, error: string): Promise<void> {
    await this.runs.fail(runId, error);
  }
}

function total(counts: RetentionCounts): number {
  return counts.text + counts.scores + counts.flags + counts.audit;
}
