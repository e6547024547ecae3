import { ConversationPlaces } from './conversation-places';

/** A job's work that finishes when the test says so. */
function job(): { run: () => Promise<void>; finish: () => void; started: boolean } {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const j = {
    started: false,
    finish: () => finish(),
    run: async () => {
      j.started = true;
      await done;
    },
  };
  return j;
}
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('ConversationPlaces', () => {
  it('lets jobs in while their conversations fit, and the next in order when places free up', async () => {
    const places = new ConversationPlaces(10, 1);
    const [a, b, c, d] = [job(), job(), job(), job()];
    const held = [places.hold(6, a.run), places.hold(3, b.run), places.hold(4, c.run), places.hold(1, d.run)];
    await turn();
    // 6 + 3 fit in 10; the job of 4 waits, and the job of 1 waits behind it rather than overtaking.
    expect([a.started, b.started, c.started, d.started]).toEqual([true, true, false, false]);
    a.finish();
    await turn();
    expect([c.started, d.started]).toEqual([true, true]);
    b.finish();
    c.finish();
    d.finish();
    await Promise.all(held);
  });

  it('asks for as many jobs as fill its places with jobs of the size seen lately', async () => {
    const places = new ConversationPlaces(200, 20);
    expect(places.jobsToFill()).toBe(10);
    for (let i = 0; i < 40; i++) await places.hold(1, () => Promise.resolve());
    expect(places.jobsToFill()).toBeGreaterThan(150);
    for (let i = 0; i < 40; i++) await places.hold(20, () => Promise.resolve());
    expect(places.jobsToFill()).toBeLessThan(12);
  });

  it('gives a job larger than the process all the places, and frees them when its work fails', async () => {
    const places = new ConversationPlaces(5, 1);
    await expect(places.hold(20, () => Promise.reject(new Error('scoring failed')))).rejects.toThrow(
      'scoring failed',
    );
    const after = job();
    const held = places.hold(5, after.run);
    await turn();
    expect(after.started).toBe(true);
    after.finish();
    await held;
  });
});
