import { describeHistoryStart, firstMissingSlot } from './history';
import { slotAtOrAfter, slotAtOrBefore, slotExternalId, slotJitter, slotTime } from './timeline';

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** `isStored` for slots [from, until) stored, counting the questions asked. */
function storedPrefix(from: number, until: number) {
  const asked: number[] = [];
  return {
    asked,
    isStored: (slot: number) => {
      asked.push(slot);
      return Promise.resolve(slot >= from && slot < until);
    },
  };
}

describe('firstMissingSlot: where what earlier runs stored of the history window ends', () => {
  it('finds the end of a stored prefix in a logarithmic number of probes', async () => {
    // 120 minutes at 5 a second; an earlier run stored the oldest 100 minutes of them.
    const first = 1_000_000;
    const last = first + 36_000 - 1;
    const probe = storedPrefix(first, first + 30_000);
    await expect(firstMissingSlot(first, last, probe.isStored)).resolves.toBe(first + 30_000);
    expect(probe.asked.length).toBeLessThanOrEqual(16);
  });

  it('says all are missing when nothing is stored, and none when everything is', async () => {
    await expect(firstMissingSlot(10, 99, storedPrefix(0, 0).isStored)).resolves.toBe(10);
    await expect(firstMissingSlot(10, 99, storedPrefix(0, 1_000).isStored)).resolves.toBe(100);
    await expect(firstMissingSlot(10, 10, storedPrefix(10, 11).isStored)).resolves.toBe(11);
    // An empty window asks nothing.
    const none = storedPrefix(0, 1_000);
    await expect(firstMissingSlot(10, 9, none.isStored)).resolves.toBe(10);
    expect(none.asked).toEqual([]);
  });

  it('stops at what is known when a probe fails, so the rest is posted again (answered as duplicates)', async () => {
    let calls = 0;
    const slot = await firstMissingSlot(0, 999, (s) => {
      calls++;
      return Promise.resolve(calls === 1 ? s < 800 : undefined);
    });
    // The first probe (slot 500) was stored; the second failed: post from 501.
    expect(slot).toBe(501);
  });
});

describe('describeHistoryStart: what the user is told', () => {
  const now = Date.parse('2026-12-06T10:00:00Z');
  const start = now - 120 * 60_000;

  it('posts it all on a fresh database', () => {
    expect(describeHistoryStart(start, start, now, clock)).toBe(
      '[simulate] history: posting the last 120 min',
    );
  });

  it('skips it when an earlier run posted all of it', () => {
    expect(describeHistoryStart(start, now, now, clock)).toBe(
      '[simulate] history already present (an earlier run posted the last 120 min), skipping',
    );
  });

  it('posts only the minutes since an earlier run stopped', () => {
    expect(describeHistoryStart(start, now - 7 * 60_000, now, clock)).toBe(
      '[simulate] history already present until 09:53:00 (posted by an earlier run); posting the 7 min since',
    );
    expect(describeHistoryStart(start, now - 1_600, now, clock)).toBe(
      '[simulate] history already present until 09:59:58 (posted by an earlier run); posting the 2 s since',
    );
  });
});

describe('the timeline of slots', () => {
  it('names a slot the same way in every run, and a slot per 1 / rate seconds', () => {
    const t = Date.parse('2026-12-06T10:00:00.100Z');
    expect(slotAtOrAfter(t, 5)).toBe(slotAtOrBefore(t, 5) + 1);
    expect(slotTime(slotAtOrAfter(t, 5), 5)).toBe(t + 100);
    expect(slotAtOrAfter(slotTime(42, 5), 5)).toBe(42);
    expect(slotExternalId(slotAtOrBefore(t, 5), 5)).toBe(slotExternalId(slotAtOrBefore(t + 99, 5), 5));
    expect(slotExternalId(7, 5)).not.toBe(slotExternalId(8, 5));
    // Another rate is another timeline.
    expect(slotExternalId(7, 5)).not.toBe(slotExternalId(7, 2));
  });

  it('puts each slot at a repeatable place within it, spread over [0, 1)', () => {
    const base = slotAtOrBefore(Date.now(), 5);
    const jitters = Array.from({ length: 10_000 }, (_, i) => slotJitter(base + i));
    expect(jitters.every((j) => j >= 0 && j < 1)).toBe(true);
    expect(slotJitter(base + 3)).toBe(jitters[3]);
    const mean = jitters.reduce((a, b) => a + b, 0) / jitters.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(new Set(jitters.map((j) => Math.floor(j * 10))).size).toBe(10);
  });
});
