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

  constructor(private readonly size: number) {
    this.free = size;
  }

  /** Runs `work` holding a place for each of `conversations` conversations. */
  async hold<T>(conversations: number, work: () => Promise<T>): Promise<T> {
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
