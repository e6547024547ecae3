import type { Conversation } from '@vigil/contracts';
import {
  EMPTY_NORM,
  OUTLIER_RULES,
  addToNorm,
  judgeBatch,
  judgeOutlier,
  learnedValue,
  measureConversation,
  mergeNorms,
  normPairs,
  spreadOf,
  toLogScale,
  type Norm,
} from '.';

/** A deterministic spread of values (no Math.random: the same figures every run). */
const values = (n: number, seed = 1) =>
  Array.from({ length: n }, (_, i) => 200 + ((i * 7919 + seed * 104729) % 400));

const onePass = (xs: number[]): Norm => xs.map(toLogScale).reduce(addToNorm, EMPTY_NORM);

/** The textbook two-pass figures, to check the running ones against. */
function twoPass(xs: number[]) {
  const logs = xs.map(toLogScale);
  const mean = logs.reduce((s, x) => s + x, 0) / logs.length;
  return { mean, m2: logs.reduce((s, x) => s + (x - mean) ** 2, 0) };
}

const where = { team: 'billing', channel: 'chat' };

describe('outlier norms', () => {
  it('a running norm equals the two-pass mean and sum of squares', () => {
    const xs = values(500);
    const norm = onePass(xs);
    const exact = twoPass(xs);
    expect(norm.conversations).toBe(500);
    expect(norm.mean).toBeCloseTo(exact.mean, 12);
    expect(norm.m2).toBeCloseTo(exact.m2, 9);
  });

  it('merging batches in any grouping and order equals one pass', () => {
    const xs = values(731, 3);
    const whole = onePass(xs);
    // Uneven batches, merged left to right, then the same batches merged in reverse and pairwise.
    const cuts = [0, 1, 20, 21, 100, 350, 351, 600, 731];
    const batches = cuts.slice(1).map((end, i) => onePass(xs.slice(cuts[i], end)));
    const leftToRight = batches.reduce(mergeNorms, EMPTY_NORM);
    const reversed = [...batches].reverse().reduce(mergeNorms, EMPTY_NORM);
    const pairwise = mergeNorms(
      batches.slice(0, 4).reduce(mergeNorms, EMPTY_NORM),
      batches.slice(4).reduce(mergeNorms, EMPTY_NORM),
    );
    for (const merged of [leftToRight, reversed, pairwise]) {
      expect(merged.conversations).toBe(whole.conversations);
      expect(merged.mean).toBeCloseTo(whole.mean, 12);
      expect(merged.m2).toBeCloseTo(whole.m2, 9);
    }
    expect(mergeNorms(EMPTY_NORM, EMPTY_NORM)).toEqual(EMPTY_NORM);
  });

  it('stays quiet with too little history, however far out the value', () => {
    const xs = values(OUTLIER_RULES.minConversations - 1);
    expect(judgeOutlier('handle_time', 1_000_000, onePass(xs), where)).toBeNull();
    expect(judgeOutlier('handle_time', 1_000_000, EMPTY_NORM, where)).toBeNull();
    // One more earlier conversation and the same value is an outlier.
    expect(judgeOutlier('handle_time', 1_000_000, onePass(values(50)), where)).not.toBeNull();
  });

  it('flags values at least three spreads above the norm, with the usual value and the z-score', () => {
    const norm = onePass(values(200)); // 200–600 s, about 6 minutes typical
    const spread = spreadOf(norm);
    const atThreshold = Math.expm1(norm.mean + OUTLIER_RULES.minZ * spread);
    expect(judgeOutlier('handle_time', atThreshold * 0.98, norm, where)).toBeNull();
    const found = judgeOutlier('handle_time', 2880, norm, where); // 48 minutes
    expect(found).toMatchObject({
      metric: 'handle_time',
      value: 2880,
      direction: 'above',
      conversations: 200,
      team: 'billing',
      channel: 'chat',
    });
    expect(found!.z).toBeGreaterThanOrEqual(OUTLIER_RULES.minZ);
    expect(found!.expected).toBeGreaterThan(300);
    expect(found!.expected).toBeLessThan(450);
  });

  it('flags short outliers only for the message count', () => {
    const norm = onePass(Array.from({ length: 100 }, (_, i) => 20 + (i % 5)));
    expect(judgeOutlier('handle_time', 1, norm, where)).toBeNull();
    expect(judgeOutlier('messages', 1, norm, where)).toMatchObject({ direction: 'below' });
    expect(judgeOutlier('messages', 22, norm, where)).toBeNull();
    expect(judgeOutlier('messages', 90, norm, where)).toMatchObject({ direction: 'above' });
  });

  it('needs a real difference where every conversation is alike (the least spread)', () => {
    const none = onePass(Array.from({ length: 100 }, () => 0)); // nobody is ever transferred
    expect(spreadOf(none)).toBe(OUTLIER_RULES.minSpread);
    expect(judgeOutlier('transfers', 1, none, where)).toBeNull();
    expect(judgeOutlier('transfers', 2, none, where)).toMatchObject({ value: 2, expected: 0 });
  });

  it('learns a far-out value only up to the outlier margin once the norm is warm', () => {
    const cold = onePass(values(10));
    expect(learnedValue(cold, toLogScale(100_000))).toBe(toLogScale(100_000));
    const warm = onePass(values(100));
    const margin = OUTLIER_RULES.minZ * spreadOf(warm);
    expect(learnedValue(warm, toLogScale(100_000))).toBeCloseTo(warm.mean + margin, 12);
    expect(learnedValue(warm, toLogScale(0))).toBeCloseTo(warm.mean - margin, 12);
    expect(learnedValue(warm, toLogScale(400))).toBe(toLogScale(400));
  });
});

describe('conversation measures', () => {
  const base: Conversation = {
    externalId: 'x',
    source: 's',
    channel: 'chat',
    startedAt: '2026-01-01T10:00:00Z',
    endedAt: '2026-01-01T10:08:30Z',
    agents: [
      { id: 'a-1', kind: 'human' },
      { id: 'a-2', kind: 'human' },
      { id: 'a-3', kind: 'human' },
    ],
    customer: {},
    messages: [],
    metadata: {},
  };

  it('measures handle time, the longest silence, transfers and messages', () => {
    const measures = measureConversation({
      ...base,
      messages: [
        { role: 'customer', text: 'hi', at: '2026-01-01T10:00:00Z' },
        { role: 'agent', authorId: 'a-1', text: 'hello', at: '2026-01-01T10:00:40Z' },
        { role: 'customer', text: 'it broke', at: '2026-01-01T10:01:00Z' },
        { role: 'agent', authorId: 'a-2', text: 'passing you on', at: '2026-01-01T10:06:00Z' },
        { role: 'agent', authorId: 'a-2', text: 'fixed', at: '2026-01-01T10:07:00Z' },
        { role: 'agent', authorId: 'a-1', text: 'back to me', at: '2026-01-01T10:08:00Z' },
      ],
    });
    expect(measures).toEqual({ handle_time: 510, silence: 300, transfers: 2, messages: 6 });
  });

  it('has no silence without message times, and counts agents after the first without authors', () => {
    const measures = measureConversation({
      ...base,
      messages: [
        { role: 'customer', text: 'hi', at: '2026-01-01T10:00:00Z' },
        { role: 'agent', text: 'hello' },
      ],
    });
    expect(measures).toEqual({ handle_time: 510, silence: null, transfers: 2, messages: 2 });
    expect(measureConversation({ ...base, agents: [], messages: [{ role: 'customer', text: 'x' }] })).toEqual(
      { handle_time: 510, silence: null, transfers: 0, messages: 1 },
    );
  });

  it('takes message times in time order', () => {
    const measures = measureConversation({
      ...base,
      messages: [
        { role: 'customer', text: 'a', at: '2026-01-01T10:02:00Z' },
        { role: 'customer', text: 'b', at: '2026-01-01T10:00:00Z' },
        { role: 'customer', text: 'c', at: '2026-01-01T10:02:30Z' },
      ],
    });
    expect(measures.silence).toBe(120);
  });
});

describe('judging a batch', () => {
  const chat = (id: string, seconds: number, team: string | null = 'billing') => ({
    id,
    team,
    channel: 'chat',
    content: {
      externalId: id,
      source: 's',
      channel: 'chat' as const,
      startedAt: '2026-01-01T10:00:00Z',
      endedAt: new Date(Date.parse('2026-01-01T10:00:00Z') + seconds * 1000).toISOString(),
      agents: [{ id: 'a-1', kind: 'human' as const }],
      customer: {},
      messages: [
        { role: 'customer' as const, text: 'hi' },
        { role: 'agent' as const, authorId: 'a-1', text: 'hello' },
      ],
      metadata: {},
    },
  });
  const ordinary = values(80).map((v, i) => chat(`c${i}`, v));

  it('judges against the norms before the batch: a batch cannot warm its own norm', () => {
    const { signals, norms } = judgeBatch([...ordinary, chat('long', 2880)], []);
    expect(signals).toEqual([]);
    const handle = norms.find((n) => n.metric === 'handle_time')!;
    expect(handle).toMatchObject({ team: 'billing', channel: 'chat', conversations: 81 });
    // No message times: no silence norm.
    expect(norms.map((n) => n.metric).sort()).toEqual(['handle_time', 'messages', 'transfers']);
  });

  it('flags against warm stored norms, and learns the outlier only up to the margin', () => {
    const stored = judgeBatch(ordinary, []).norms;
    const { signals, norms } = judgeBatch([chat('long', 2880), chat('other-team', 2880, null)], stored);
    expect(signals).toEqual([
      expect.objectContaining({ conversationId: 'long', kind: 'outlier_handle_time' }),
    ]);
    const before = stored.find((n) => n.metric === 'handle_time')!;
    const learned = norms.find((n) => n.metric === 'handle_time' && n.team === 'billing')!;
    expect(learned.mean).toBeCloseTo(before.mean + OUTLIER_RULES.minZ * spreadOf(before), 12);
    expect(norms.find((n) => n.metric === 'handle_time' && n.team === '')!.mean).toBe(toLogScale(2880));
  });

  it('reads each team and channel once', () => {
    expect(normPairs([...ordinary, chat('x', 1, null)])).toEqual([
      { team: 'billing', channel: 'chat' },
      { team: '', channel: 'chat' },
    ]);
  });
});
