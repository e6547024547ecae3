/**
 * Collects single-conversation jobs into batches. BullMQ hands the worker one job at a time, but
 * Postgres rewards batches (one transaction and one rollup upsert per batch instead of per
 * conversation), so each job waits a few milliseconds for company and then shares a flush.
 */
export interface BatchOutcome {
  ok: boolean;
  error?: Error;
}

export type FlushBatch = (ids: string[]) => Promise<Map<string, BatchOutcome>>;

export class ScoreBatcher {
  private pending: Array<{ id: string; resolve: (o: BatchOutcome) => void; reject: (e: Error) => void }> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly flushBatch: FlushBatch,
    private readonly maxSize = 250,
    private readonly maxWaitMs = 15,
  ) {}

  /** Resolves with this conversation's outcome once its batch is written; rejects if the batch fails. */
  submit(id: string): Promise<BatchOutcome> {
    return new Promise((resolve, reject) => {
      this.pending.push({ id, resolve, reject });
      if (this.pending.length >= this.maxSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.flushBatch([...new Set(batch.map((b) => b.id))]).then(
      (outcomes) => {
        for (const b of batch)
          b.resolve(outcomes.get(b.id) ?? { ok: false, error: new Error('not in batch result') });
      },
      (error: Error) => {
        for (const b of batch) b.reject(error);
      },
    );
  }
}
