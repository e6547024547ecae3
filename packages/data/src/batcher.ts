/**
 * Coalesces single writes into batches. Postgres rewards batches — one statement, one commit and
 * one round trip for many rows instead of one each — so the API stores concurrent single POSTs
 * together and the workers score the jobs BullMQ hands them one at a time together.
 *
 * `submit` resolves with the item's own result, or rejects with its own error, once its batch is
 * written. A batch goes when it holds `maxSize` items, or `maxWaitMs` after its first item; with
 * 0, at the end of the event loop's current turn, which adds no waiting: it takes whatever arrived
 * together, a few requests at low load and many under load, when batching matters.
 */
export type FlushBatch<T, R> = (items: T[]) => Promise<Array<R | Error>>;

export class Batcher<T, R> {
  private pending: Array<{ item: T; resolve: (result: R) => void; reject: (error: Error) => void }> = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;

  constructor(
    private readonly flushBatch: FlushBatch<T, R>,
    private readonly maxSize: number,
    private readonly maxWaitMs: number,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxSize) this.flush();
      else
        this.timer ??=
          this.maxWaitMs > 0
            ? setTimeout(() => this.flush(), this.maxWaitMs)
            : setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
    }
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.flushBatch(batch.map((b) => b.item)).then(
      (results) =>
        batch.forEach(({ resolve, reject }, i) => {
          const result = results[i];
          if (result instanceof Error) reject(result);
          else if (result === undefined) reject(new Error('no result for this item in its batch'));
          else resolve(result);
        }),
      (error: Error) => batch.forEach(({ reject }) => reject(error)),
    );
  }
}
