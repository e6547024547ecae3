import { Batcher } from './batcher';

describe('Batcher', () => {
  const recording = () => {
    const batches: number[][] = [];
    const batcher = (maxSize: number, maxWaitMs: number) =>
      new Batcher<number, string>(
        async (items) => {
          batches.push(items);
          return items.map((n) => (n < 0 ? new Error(`refused ${n}`) : `stored ${n}`));
        },
        maxSize,
        maxWaitMs,
      );
    return { batches, batcher };
  };

  it('stores what arrives in the same turn together, each caller getting its own result', async () => {
    const { batches, batcher } = recording();
    const b = batcher(100, 0);
    const results = await Promise.all([b.submit(1), b.submit(2), b.submit(3)]);
    expect(results).toEqual(['stored 1', 'stored 2', 'stored 3']);
    expect(batches).toEqual([[1, 2, 3]]);
    // the next turn starts a new batch
    await b.submit(4);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('sends a full batch at once, and the rest after the wait', async () => {
    const { batches, batcher } = recording();
    const b = batcher(2, 20);
    const pending = [b.submit(1), b.submit(2), b.submit(3)];
    await pending[1];
    expect(batches).toEqual([[1, 2]]);
    await pending[2];
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('rejects only the item whose result is an error, and every item when the batch fails', async () => {
    const { batcher } = recording();
    const b = batcher(100, 0);
    const [good, bad] = await Promise.allSettled([b.submit(1), b.submit(-1)]);
    expect(good).toEqual({ status: 'fulfilled', value: 'stored 1' });
    expect(bad).toMatchObject({ status: 'rejected', reason: new Error('refused -1') });

    const failing = new Batcher<number, string>(() => Promise.reject(new Error('database down')), 100, 0);
    const settled = await Promise.allSettled([failing.submit(1), failing.submit(2)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });
});
