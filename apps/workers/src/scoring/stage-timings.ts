/**
 * Where a workers process spends a batch's time, by stage (load, score, save, publish, campaigns —
 * the campaign signatures only; deciding campaigns is the campaigns tick's, outside the batch —
 * and outliers): logged at LOG_LEVEL=debug every interval, so a throughput question starts from
 * figures, not guesses. The stages overlap across the batches in flight, so their sum can exceed
 * the wall time.
 */
export type Stage = 'load' | 'score' | 'save' | 'publish' | 'campaigns' | 'outliers';

export class StageTimings {
  private batches = 0;
  private conversations = 0;
  private readonly ms: Record<Stage, number> = {
    load: 0,
    score: 0,
    save: 0,
    publish: 0,
    campaigns: 0,
    outliers: 0,
  };
  private since = Date.now();

  constructor(private readonly log: (line: string) => void) {}

  async time<T>(stage: Stage, fn: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.ms[stage] += performance.now() - started;
    }
  }

  batch(size: number): void {
    this.batches += 1;
    this.conversations += size;
  }

  /** Logs the figures since the last report and starts again; nothing when idle. */
  report(): void {
    const seconds = (Date.now() - this.since) / 1000;
    if (this.conversations > 0) {
      const per = (stage: Stage) => `${stage} ${(this.ms[stage] / this.conversations).toFixed(3)}`;
      this.log(
        `[score] ${this.conversations} conversations in ${this.batches} batches over ${seconds.toFixed(1)} s ` +
          `(${(this.conversations / seconds).toFixed(0)}/s, ${(this.conversations / this.batches).toFixed(0)} per batch); ` +
          `ms per conversation: ${(['load', 'score', 'save', 'publish', 'campaigns', 'outliers'] as const).map(per).join(', ')}`,
      );
    }
    this.batches = 0;
    this.conversations = 0;
    for (const stage of Object.keys(this.ms) as Stage[]) this.ms[stage] = 0;
    this.since = Date.now();
  }
}
