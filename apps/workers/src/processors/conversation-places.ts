/**
 * The conversations a workers process holds at once, counted whatever the size of the jobs that
 * bring them: a job takes a place per conversation (at most all of them) and waits, in arrival
 * order, until they are free. BullMQ limits jobs, and a job carries from one conversation (single
 * POSTs at low load) to twenty (bulk), so a limit in jobs alone either starves the batches of small
 * jobs or lets large ones flood the process.
 */
export class ConversationPlaces {
  private free: number;
  private readonly waiting: Array<{ places: number; take: () => void }> = [];
  /** Conversations per job lately (a moving average over about the last ten jobs). */
  private jobSize: number;

  constructor(
    private readonly size: number,
    expectedJobSize: number,
  ) {
    this.free = size;
    this.jobSize = expectedJobSize;
  }

  /**
   * How many jobs to take in hand: enough to fill the places with jobs of the size seen lately, and
   * no more, so that a process does not sit on jobs another process could be scoring.
   */
  jobsToFill(): number {
    return Math.max(1, Math.ceil(this.size / this.jobSize));
  }

  /** Runs `work` holding a place for each of `conversations` conversations. */
  async hold<T>(conversations: number, work: () => Promise<T>): Promise<T> {
    this.jobSize += 0.1 * (conversations - this.jobSize);
    const places = Math.min(Math.max(conversations, 1), this.size);
    if (this.waiting.length || this.free < places)
      await new Promise<void>((take) => this.waiting.push({ places, take }));
    else this.free -= places;
    try {
      return await work();
    } finally {
      this.free += places;
      this.admit();
    }
  }

  private admit(): void {
    while (this.waiting.length && this.waiting[0]!.places <= this.free) {
      const next = this.waiting.shift()!;
      this.free -= next.places;
      next.take();
    }
  }
}
