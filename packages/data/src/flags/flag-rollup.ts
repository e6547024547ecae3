import { bucketStart, type FlagStatus } from '@vigil/contracts';

/** The flag rollups are kept by hour and by day (the overview never needs minutes). */
export const FLAG_GRANULARITIES = ['hour', 'day'] as const;
export type FlagGranularity = (typeof FLAG_GRANULARITIES)[number];

/** What the rollups count of one flag: where it counts, and where it stands. */
export interface FlagFacts {
  source: string;
  ruleId: string;
  severity: string;
  team: string | null;
  status: FlagStatus;
  raisedAt: Date;
  /** When it stopped awaiting a decision (decided, or closed by rescoring); null while it waits. */
  closedAt: Date | null;
  /** When a reviewer decided it (confirmed, dismissed, escalated); null otherwise. */
  decidedAt: Date | null;
}

export const FLAG_ROLLUP_COUNTERS = [
  { key: 'raised', column: 'raised', sqlType: 'int' },
  { key: 'closed', column: 'closed', sqlType: 'int' },
  { key: 'confirmed', column: 'confirmed', sqlType: 'int' },
  { key: 'dismissed', column: 'dismissed', sqlType: 'int' },
  { key: 'escalated', column: 'escalated', sqlType: 'int' },
  { key: 'decisions', column: 'decisions', sqlType: 'int' },
  { key: 'decisionSeconds', column: 'decision_seconds', sqlType: 'float8' },
] as const;
export type FlagRollupCounter = (typeof FLAG_ROLLUP_COUNTERS)[number]['key'];
export type FlagCounters = Record<FlagRollupCounter, number>;

export interface FlagRollupRow extends FlagCounters {
  granularity: FlagGranularity;
  bucket: Date;
  /** '' for a conversation without a team. */
  team: string;
  source: string;
  ruleId: string;
  severity: string;
}

const zero = (): FlagCounters => ({
  raised: 0,
  closed: 0,
  confirmed: 0,
  dismissed: 0,
  escalated: 0,
  decisions: 0,
  decisionSeconds: 0,
});

/**
 * The rollup rows a change of flags moves: each flag's facts before (`removed`, counted negatively)
 * and after (`added`). A new flag has no "before", a flag closed by rescoring has both. So a flag
 * always counts where it stands now — raised in the bucket it was raised in (under its current
 * severity), closed and decided in the bucket that happened in — and any change moves the counts by
 * the difference only, like the conversation rollups on rescoring. Rows come sorted by key so
 * concurrent writers lock them in the same order.
 */
export function flagRollupDelta(added: FlagFacts[], removed: FlagFacts[] = []): FlagRollupRow[] {
  const rows = new Map<string, FlagRollupRow>();
  const add = (f: FlagFacts, at: Date, sign: 1 | -1, counts: Partial<FlagCounters>) => {
    for (const granularity of FLAG_GRANULARITIES) {
      const bucket = bucketStart(at, granularity);
      const team = f.team ?? '';
      const key = [granularity, bucket.toISOString(), team, f.source, f.ruleId, f.severity].join('\u0000');
      let row = rows.get(key);
      if (!row)
        rows.set(
          key,
          (row = {
            granularity,
            bucket,
            team,
            source: f.source,
            ruleId: f.ruleId,
            severity: f.severity,
            ...zero(),
          }),
        );
      for (const [counter, n] of Object.entries(counts) as Array<[FlagRollupCounter, number]>)
        row[counter] += sign * n;
    }
  };
  const count = (f: FlagFacts, sign: 1 | -1) => {
    add(f, f.raisedAt, sign, { raised: 1 });
    if (f.closedAt) add(f, f.closedAt, sign, { closed: 1 });
    if (f.decidedAt && (f.status === 'confirmed' || f.status === 'dismissed' || f.status === 'escalated')) {
      add(f, f.decidedAt, sign, {
        [f.status]: 1,
        decisions: 1,
        decisionSeconds: Math.max(0, (f.decidedAt.getTime() - f.raisedAt.getTime()) / 1000),
      });
    }
  };
  for (const f of added) count(f, 1);
  for (const f of removed) count(f, -1);
  return [...rows.entries()]
    .filter(([, row]) => FLAG_ROLLUP_COUNTERS.some(({ key }) => row[key] !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);
}
