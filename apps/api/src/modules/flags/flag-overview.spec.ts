import { buildOverview, overviewGranularity, type OverviewRow } from './flag-overview.js';

const h = (hour: number) => new Date(Date.UTC(2026, 11, 1, hour));
const row = (
  hour: number,
  ruleId: string,
  severity: OverviewRow['severity'],
  counts: Partial<OverviewRow>,
): OverviewRow => ({
  bucket: h(hour),
  ruleId,
  severity,
  raised: 0,
  closed: 0,
  confirmed: 0,
  dismissed: 0,
  escalated: 0,
  decisions: 0,
  decisionSeconds: 0,
  ...counts,
});

describe('the compliance overview', () => {
  it('uses hours up to a week and days beyond', () => {
    expect(overviewGranularity(h(0), new Date(h(0).getTime() + 7 * 86_400_000))).toBe('hour');
    expect(overviewGranularity(h(0), new Date(h(0).getTime() + 8 * 86_400_000))).toBe('day');
  });

  it('counts open flags at each bucket’s end from what was open before, raised and closed', () => {
    const overview = buildOverview({
      from: h(10),
      to: h(13),
      granularity: 'hour',
      openBefore: [{ ruleId: 'card', severity: 'critical', open: 2 }],
      labels: new Map([['card', 'No card numbers']]),
      rows: [
        row(10, 'card', 'critical', { raised: 3 }),
        row(11, 'card', 'critical', {
          closed: 2,
          confirmed: 1,
          dismissed: 1,
          decisions: 2,
          decisionSeconds: 7200,
        }),
        row(11, 'promise', 'medium', { raised: 1 }),
        row(12, 'promise', 'medium', { closed: 1, dismissed: 1, decisions: 1, decisionSeconds: 3600 }),
      ],
    });
    expect(
      overview.series.map((s) => [s.t.slice(11, 16), s.open.critical, s.open.medium, s.raised, s.decided]),
    ).toEqual([
      ['10:00', 5, 0, 3, 0],
      ['11:00', 3, 1, 1, 2],
      ['12:00', 3, 0, 0, 1],
    ]);
    expect(overview.series[1]!.meanDecisionHours).toBe(1);
    expect(overview.rules.map((r) => [r.ruleId, r.label, r.open, r.openSeries, r.confirmationRate])).toEqual([
      ['card', 'No card numbers', 3, [5, 3, 3], 0.5],
      ['promise', 'promise', 0, [0, 1, 0], 0],
    ]);
    expect(overview.totals).toMatchObject({
      open: 3,
      raised: 4,
      confirmed: 1,
      dismissed: 2,
      escalated: 0,
      confirmationRate: 1 / 3,
      meanDecisionHours: 1,
    });
  });

  it('says nothing of a rate or a mean without decisions', () => {
    const overview = buildOverview({
      from: h(10),
      to: h(11),
      granularity: 'hour',
      openBefore: [],
      labels: new Map(),
      rows: [row(10, 'card', 'critical', { raised: 1 })],
    });
    expect(overview.rules[0]).toMatchObject({ confirmationRate: null, meanDecisionHours: null });
    expect(overview.totals.meanDecisionHours).toBeNull();
  });
});
