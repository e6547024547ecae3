import { aggregateRollups, criterionCounts, sameFacts, type RollupRow, type ScoredFacts } from './rollup';

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
    qaOutcomes: [],
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
});

describe('QA criterion counts', () => {
  const rowsOf = (rows: RollupRow[], where: Partial<RollupRow>) =>
    rows.filter((r) => Object.entries(where).every(([k, v]) => r[k as keyof RollupRow] === v));

  it('counts met and not met per criterion overall, per team and per agent, by hour and day', () => {
    const rows = aggregateRollups([
      facts({ qaOutcomes: ['empathy:not_met', 'greeting:met'] }),
      facts({ qaOutcomes: ['greeting:not_met'], agentIds: ['a-2'], team: 'sales' }),
    ]);
    const [overall] = rowsOf(rows, { granularity: 'hour', dimension: 'all' });
    expect(overall!.qaCriteria).toEqual({ 'empathy:not_met': 1, 'greeting:met': 1, 'greeting:not_met': 1 });
    expect(
      rowsOf(rows, { granularity: 'day', dimension: 'agent' }).map((r) => [r.value, r.qaCriteria]),
    ).toEqual([
      ['a-17', { 'empathy:not_met': 1, 'greeting:met': 1 }],
      ['a-2', { 'greeting:not_met': 1 }],
    ]);
    expect(rowsOf(rows, { granularity: 'hour', dimension: 'team', value: 'billing' })[0]).toMatchObject({
      bucket: at('2026-11-23T10:00:00Z'),
      qaCriteria: { 'empathy:not_met': 1, 'greeting:met': 1 },
    });
    // None by minute, nor in the channel or topic series: trainers coach agents and teams by hour or day.
    for (const row of rows.filter(
      (r) => r.granularity === 'minute' || r.dimension === 'channel' || r.dimension === 'topic',
    ))
      expect(row.qaCriteria).toEqual({});
  });

  it('counts an agent listed twice once', () => {
    const rows = aggregateRollups([
      facts({ team: null, agentIds: ['a-1', 'a-1'], qaOutcomes: ['closing:met'] }),
    ]);
    expect(rowsOf(rows, { dimension: 'agent' }).map((r) => [r.granularity, r.qaCriteria])).toEqual([
      ['day', { 'closing:met': 1 }],
      ['hour', { 'closing:met': 1 }],
      ['minute', {}],
    ]);
  });

  it('moves only by the difference on a rescore, and drops counts that net to zero', () => {
    const before = facts({ qaOutcomes: ['closing:met', 'greeting:not_met'] });
    const after = facts({ qaOutcomes: ['closing:met', 'greeting:met'] });
    for (const row of aggregateRollups([after], [before])) {
      const coaching = row.granularity !== 'minute' && ['all', 'team', 'agent'].includes(row.dimension);
      expect(row.qaCriteria).toEqual(coaching ? { 'greeting:met': 1, 'greeting:not_met': -1 } : {});
    }
  });

  it('takes out the outcomes of a criterion taken out of the scorecard on a rescore', () => {
    const rows = aggregateRollups(
      [facts({ qaOutcomes: ['greeting:met'] })],
      [facts({ qaOutcomes: ['greeting:met', 'long_silence:not_met'] })],
    );
    expect(rowsOf(rows, { dimension: 'agent', granularity: 'hour' })[0]!.qaCriteria).toEqual({
      'long_silence:not_met': -1,
    });
  });

  it('counts nothing twice when the same facts are added and removed', () => {
    const same = facts({ qaOutcomes: ['greeting:met', 'empathy:not_met'] });
    for (const row of aggregateRollups([same], [same])) expect(row.qaCriteria).toEqual({});
  });

  it('tells a rescore that only changed a QA outcome apart from one that changed nothing', () => {
    const old = {
      customerSentiment: 0.1,
      qaScore: 50,
      topics: [],
      signals: [],
      qaOutcomes: ['greeting:not_met'],
    };
    expect(sameFacts(old, { ...old })).toBe(true);
    // Same score (e.g. a weight-0 criterion), different outcome: the criterion counts must still move.
    expect(sameFacts(old, { ...old, qaOutcomes: ['greeting:met'] })).toBe(false);
  });
});

describe('criterionCounts', () => {
  it('sums the outcome counts of several series bucket by bucket, in criterion then bucket order', () => {
    const ten = at('2026-11-23T10:00:00Z');
    const eleven = at('2026-11-23T11:00:00Z');
    const counts = criterionCounts([
      { bucket: eleven, qaCriteria: { 'greeting:met': 1 } },
      { bucket: ten, qaCriteria: { 'greeting:met': 2, 'greeting:not_met': 1, 'closing:met': 0 } },
      // A second team's series in the same bucket adds to the first's.
      { bucket: ten, qaCriteria: { 'greeting:not_met': 1, 'closing:not_met': 3 } },
    ]);
    expect(counts).toEqual([
      { bucket: ten, criterion: 'closing', met: 0, notMet: 3 },
      { bucket: ten, criterion: 'greeting', met: 2, notMet: 2 },
      { bucket: eleven, criterion: 'greeting', met: 1, notMet: 0 },
    ]);
  });

  it('reads the same counts from rows summed from score facts as the workers keep', () => {
    const rows = aggregateRollups([
      facts({ agentIds: ['a-1'], qaOutcomes: ['greeting:met'] }),
      facts({ agentIds: ['a-1'], qaOutcomes: ['greeting:not_met'] }),
    ]).filter((r) => r.granularity === 'hour' && r.dimension === 'agent');
    expect(criterionCounts(rows)).toEqual([
      { bucket: at('2026-11-23T10:00:00Z'), criterion: 'greeting', met: 1, notMet: 1 },
    ]);
  });
});
