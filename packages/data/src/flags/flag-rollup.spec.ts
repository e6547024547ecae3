import { flagRollupDelta, type FlagFacts } from './flag-rollup';

const raisedAt = new Date('2026-12-01T10:15:00Z');
const base: FlagFacts = {
  source: 'policy',
  ruleId: 'no-sensitive-data-request',
  severity: 'critical',
  team: 'billing',
  status: 'open',
  raisedAt,
  closedAt: null,
  decidedAt: null,
};
const hourRows = (rows: ReturnType<typeof flagRollupDelta>) => rows.filter((r) => r.granularity === 'hour');

describe('flag rollups', () => {
  it('count a new flag as raised in its hour and day, under its team, rule and severity', () => {
    const rows = flagRollupDelta([base]);
    expect(
      rows.map((r) => [r.granularity, r.bucket.toISOString(), r.team, r.ruleId, r.severity, r.raised]),
    ).toEqual([
      ['day', '2026-12-01T00:00:00.000Z', 'billing', base.ruleId, 'critical', 1],
      ['hour', '2026-12-01T10:00:00.000Z', 'billing', base.ruleId, 'critical', 1],
    ]);
  });

  it('move a decision by the difference: closed and the outcome where it was decided, with the time to decision', () => {
    const decidedAt = new Date('2026-12-01T12:45:00Z');
    const after: FlagFacts = { ...base, status: 'dismissed', closedAt: decidedAt, decidedAt };
    const rows = hourRows(flagRollupDelta([after], [base]));
    // Raised stays where it was (+1 −1 = nothing to write); the decision lands at 12:00.
    expect(rows).toEqual([
      expect.objectContaining({
        bucket: new Date('2026-12-01T12:00:00Z'),
        raised: 0,
        closed: 1,
        dismissed: 1,
        confirmed: 0,
        decisions: 1,
        decisionSeconds: 2.5 * 3600,
      }),
    ]);
  });

  it('an escalated flag confirmed later moves its outcome, not its count of decisions twice', () => {
    const escalatedAt = new Date('2026-12-01T11:00:00Z');
    const confirmedAt = new Date('2026-12-02T09:00:00Z');
    const escalated: FlagFacts = {
      ...base,
      status: 'escalated',
      closedAt: escalatedAt,
      decidedAt: escalatedAt,
    };
    const confirmed: FlagFacts = { ...escalated, status: 'confirmed', decidedAt: confirmedAt };
    const total = (
      rows: ReturnType<typeof flagRollupDelta>,
      key: 'escalated' | 'confirmed' | 'decisions' | 'closed',
    ) => hourRows(rows).reduce((n, r) => n + r[key], 0);
    const rows = [...flagRollupDelta([escalated], [base]), ...flagRollupDelta([confirmed], [escalated])];
    expect(total(rows, 'escalated')).toBe(0);
    expect(total(rows, 'confirmed')).toBe(1);
    expect(total(rows, 'decisions')).toBe(1);
    expect(total(rows, 'closed')).toBe(1);
  });

  it('closing by rescoring is closed, not a reviewer decision', () => {
    const closedAt = new Date('2026-12-01T10:30:00Z');
    const rows = hourRows(flagRollupDelta([{ ...base, status: 'dismissed', closedAt }], [base]));
    expect(rows).toEqual([expect.objectContaining({ closed: 1, dismissed: 0, decisions: 0 })]);
  });

  it('a severity changed by rescoring moves the raised count to the new severity', () => {
    const rows = hourRows(flagRollupDelta([{ ...base, severity: 'high' }], [base]));
    expect(rows.map((r) => [r.severity, r.raised])).toEqual([
      ['critical', -1],
      ['high', 1],
    ]);
  });

  it('counts a flag without a team under ""', () => {
    expect(flagRollupDelta([{ ...base, team: null }])[0]!.team).toBe('');
  });
});
