import { SEVERITIES, bucketStart, type FlagOverview, type Severity } from '@vigil/contracts';

/**
 * The compliance overview from the flag rollups, without the framework: open flags at each bucket's
 * end (what was open before the period, plus raised minus closed since), what was raised and decided
 * in each bucket, and per rule the outcomes reviewers chose — a rule mostly dismissed needs work.
 */

export interface OverviewRow {
  bucket: Date;
  ruleId: string;
  severity: Severity;
  raised: number;
  closed: number;
  confirmed: number;
  dismissed: number;
  escalated: number;
  decisions: number;
  decisionSeconds: number;
}

/** Hours for periods up to a week, days beyond. */
export function overviewGranularity(from: Date, to: Date): 'hour' | 'day' {
  return to.getTime() - from.getTime() <= 7 * 86_400_000 ? 'hour' : 'day';
}

const perSeverity = (): Record<Severity, number> => ({ low: 0, medium: 0, high: 0, critical: 0 });
const hours = (seconds: number, count: number) => (count > 0 ? seconds / count / 3600 : null);
const rate = (confirmed: number, dismissed: number) =>
  confirmed + dismissed > 0 ? confirmed / (confirmed + dismissed) : null;

export function buildOverview(input: {
  from: Date;
  to: Date;
  granularity: 'hour' | 'day';
  rows: OverviewRow[];
  /** Open per rule and severity at `from`. */
  openBefore: Array<{ ruleId: string; severity: Severity; open: number }>;
  labels: Map<string, string>;
}): FlagOverview {
  const { from, to, granularity, rows } = input;
  const size = granularity === 'hour' ? 3_600_000 : 86_400_000;
  const buckets: number[] = [];
  for (let t = bucketStart(from, granularity).getTime(); t < to.getTime(); t += size) buckets.push(t);
  const index = new Map(buckets.map((t, i) => [t, i]));

  const openSeverity = perSeverity();
  for (const o of input.openBefore) if (o.severity in openSeverity) openSeverity[o.severity] += o.open;
  const series = buckets.map((t) => ({
    t: new Date(t).toISOString(),
    open: perSeverity(),
    raised: 0,
    decided: 0,
    decisionSeconds: 0,
  }));

  interface RuleTotals {
    openStart: number;
    delta: number[];
    raised: number;
    confirmed: number;
    dismissed: number;
    escalated: number;
    decisions: number;
    decisionSeconds: number;
  }
  const rules = new Map<string, RuleTotals>();
  const rule = (id: string) => {
    let r = rules.get(id);
    if (!r)
      rules.set(
        id,
        (r = {
          openStart: 0,
          delta: buckets.map(() => 0),
          raised: 0,
          confirmed: 0,
          dismissed: 0,
          escalated: 0,
          decisions: 0,
          decisionSeconds: 0,
        }),
      );
    return r;
  };
  for (const o of input.openBefore) if (o.open !== 0) rule(o.ruleId).openStart += o.open;

  const severityDelta = buckets.map(() => perSeverity());
  for (const row of rows) {
    const i = index.get(row.bucket.getTime());
    if (i === undefined) continue;
    const s = series[i]!;
    s.raised += row.raised;
    s.decided += row.decisions;
    s.decisionSeconds += row.decisionSeconds;
    if (row.severity in openSeverity) severityDelta[i]![row.severity] += row.raised - row.closed;
    const r = rule(row.ruleId);
    r.delta[i]! += row.raised - row.closed;
    r.raised += row.raised;
    r.confirmed += row.confirmed;
    r.dismissed += row.dismissed;
    r.escalated += row.escalated;
    r.decisions += row.decisions;
    r.decisionSeconds += row.decisionSeconds;
  }

  const running = { ...openSeverity };
  const outSeries = series.map((s, i) => {
    for (const severity of SEVERITIES) running[severity] += severityDelta[i]![severity];
    return {
      t: s.t,
      open: { ...running },
      raised: s.raised,
      decided: s.decided,
      meanDecisionHours: hours(s.decisionSeconds, s.decided),
    };
  });

  const outRules = [...rules.entries()]
    .map(([ruleId, r]) => {
      let open = r.openStart;
      const openSeries = r.delta.map((d) => (open += d));
      return {
        ruleId,
        label: input.labels.get(ruleId) ?? ruleId,
        open,
        openSeries,
        raised: r.raised,
        confirmed: r.confirmed,
        dismissed: r.dismissed,
        escalated: r.escalated,
        confirmationRate: rate(r.confirmed, r.dismissed),
        meanDecisionHours: hours(r.decisionSeconds, r.decisions),
      };
    })
    .filter((r) => r.open !== 0 || r.raised !== 0 || r.confirmed + r.dismissed + r.escalated !== 0)
    .sort((a, b) => b.open - a.open || b.raised - a.raised || (a.ruleId < b.ruleId ? -1 : 1));

  const sum = (key: 'raised' | 'confirmed' | 'dismissed' | 'escalated') =>
    outRules.reduce((n, r) => n + r[key], 0);
  const decisions = [...rules.values()].reduce((n, r) => n + r.decisions, 0);
  const decisionSeconds = [...rules.values()].reduce((n, r) => n + r.decisionSeconds, 0);
  const confirmed = sum('confirmed');
  const dismissed = sum('dismissed');
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    granularity,
    series: outSeries,
    rules: outRules,
    totals: {
      open: SEVERITIES.reduce((n, s) => n + running[s], 0),
      openBySeverity: running,
      raised: sum('raised'),
      confirmed,
      dismissed,
      escalated: sum('escalated'),
      meanDecisionHours: hours(decisionSeconds, decisions),
      confirmationRate: rate(confirmed, dismissed),
    },
  };
}
