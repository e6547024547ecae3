import { aggregateRollups, factsOfScores, type ScoredFacts } from './rollup';

const at = (iso: string) => new Date(iso);

function facts(overrides: Partial<ScoredFacts> = {}): ScoredFacts {
  return {
    endedAt: at('2026-11-23T10:12:40Z'),
    team: 'billing',
    channel: 'chat',
    agentIds: ['a-17'],
    messageCount: 4,
    customerSentiment: -0.5,
    qaScore: 80,
    topics: [],
    signals: ['frustration'],
    ...overrides,
  };
}

describe('aggregateRollups', () => {
  it('adds one conversation to every granularity and dimension it belongs to', () => {
    const rows = aggregateRollups([facts()]);
    expect(rows).toHaveLength(3 * 4); // minute/hour/day × all/channel/team/agent
    const minuteAll = rows.find((r) => r.granularity === 'minute' && r.dimension === 'all');
    expect(minuteAll).toMatchObject({
      value: '*',
      bucket: at('2026-11-23T10:12:00Z'),
      conversations: 1,
      sentimentCount: 1,
      sentimentSum: -0.5,
      negative: 1,
      messages: 4,
    });
    expect(rows.find((r) => r.granularity === 'day' && r.dimension === 'team')?.bucket).toEqual(
      at('2026-11-23T00:00:00Z'),
    );
  });

  it('sums a batch into one row per bucket and value', () => {
    const rows = aggregateRollups([
      facts(),
      facts({ customerSentiment: 0.5, team: 'sales', agentIds: ['a-2'] }),
      facts({ customerSentiment: null, endedAt: at('2026-11-23T10:13:05Z') }),
    ]);
    const hourAll = rows.find((r) => r.granularity === 'hour' && r.dimension === 'all')!;
    expect(hourAll).toMatchObject({ conversations: 3, sentimentCount: 2, sentimentSum: 0, negative: 1 });
    const minutesAll = rows.filter((r) => r.granularity === 'minute' && r.dimension === 'all');
    expect(minutesAll.map((r) => r.conversations)).toEqual([2, 1]);
    expect(rows.filter((r) => r.dimension === 'team' && r.granularity === 'day').map((r) => r.value)).toEqual(
      ['billing', 'sales'],
    );
  });

  it('leaves out the team dimension when there is no team and counts an agent once', () => {
    const rows = aggregateRollups([facts({ team: null, agentIds: ['a-1', 'a-1'] })]);
    expect(rows.some((r) => r.dimension === 'team')).toBe(false);
    expect(rows.filter((r) => r.dimension === 'agent')).toHaveLength(3);
  });

  it('returns rows sorted by key so concurrent writers lock in one order', () => {
    const rows = aggregateRollups([facts({ team: 'z' }), facts({ team: 'a' })]);
    const keys = rows.map((r) => `${r.granularity}|${r.dimension}|${r.value}|${r.bucket.toISOString()}`);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('aggregateRollups with removed facts (rescoring)', () => {
  it('lands only the difference between the old and the new score', () => {
    const before = facts({ customerSentiment: -0.5 });
    const after = facts({ customerSentiment: 0.25 });
    const minuteAll = aggregateRollups([after], [before]).find(
      (r) => r.granularity === 'minute' && r.dimension === 'all',
    )!;
    expect(minuteAll).toMatchObject({ conversations: 0, messages: 0, sentimentCount: 0, negative: -1 });
    expect(minuteAll.sentimentSum).toBeCloseTo(0.75);
  });
});

describe('quality counters', () => {
  it('counts QA, signals and topics, each topic as its own series', () => {
    const rows = aggregateRollups([
      facts({ topics: ['refund', 'billing'], signals: ['escalation', 'anger'], qaScore: 50 }),
      facts({ topics: ['refund'], signals: [], qaScore: null }),
    ]);
    const dayAll = rows.find((r) => r.granularity === 'day' && r.dimension === 'all')!;
    expect(dayAll).toMatchObject({
      conversations: 2,
      qaCount: 1,
      qaSum: 50,
      escalations: 1,
      anger: 1,
      churn: 0,
    });
    const dayTopics = rows.filter((r) => r.granularity === 'day' && r.dimension === 'topic');
    expect(dayTopics.map((r) => [r.value, r.conversations])).toEqual([
      ['billing', 1],
      ['refund', 2],
    ]);
  });

  it('reads the facts the rollups count from an engine result', () => {
    const scores = {
      sentiment: {
        result: {
          customer: { overall: -0.4 },
          emotions: { anger: 0.7, gratitude: 0.2 },
          escalationRequested: true,
          churnIntent: false,
        },
      },
      qa: { result: { score: 75 } },
      topics: { result: { topics: [{ key: 'refund' }] } },
    } as unknown as Parameters<typeof factsOfScores>[0];
    expect(factsOfScores(scores)).toEqual({
      customerSentiment: -0.4,
      qaScore: 75,
      topics: ['refund'],
      signals: ['escalation', 'anger'],
    });
  });
});
