import { COACHING_CSV_COLUMNS, parseQaOutcomeKey } from '@vigil/contracts';
import type { CoachingRow } from '@vigil/data';
import { csvRow } from '../audit/audit-csv.js';

/**
 * A coaching report's conversations as CSV (RFC 4180), without the framework. Cells go through the
 * audit export's csvCell: conversation fields (ids, teams, topics) come from integrations and must
 * not run as spreadsheet formulas.
 */

const number = (n: number | null) => (n === null || n === undefined ? '' : String(n));

/** The header: the fixed columns, then one `qa:<key>` column per scorecard criterion. */
export function coachingCsvHeader(criteria: readonly string[]): string[] {
  return [...COACHING_CSV_COLUMNS, ...criteria.map((key) => `qa:${key}`)];
}

/** One conversation's cells; a criterion is "met", "not_met" or empty (not applicable, or not in its scorecard). */
export function coachingCsvCells(criteria: readonly string[], r: CoachingRow): string[] {
  const outcomes = new Map(
    r.qaOutcomes.map((key) => {
      const { criterion, outcome } = parseQaOutcomeKey(key);
      return [criterion, outcome] as const;
    }),
  );
  return [
    r.id,
    r.externalId,
    r.source,
    r.channel,
    r.team ?? '',
    r.agentIds.join(' '),
    new Date(r.startedAt).toISOString(),
    new Date(r.endedAt).toISOString(),
    String(r.messageCount),
    number(r.qaScore),
    number(r.sentiment),
    number(r.sentimentStart),
    number(r.sentimentEnd),
    r.topics.join(' '),
    ...criteria.map((key) => outcomes.get(key) ?? ''),
  ];
}

/** The header, then one row per conversation, as the rows arrive. */
export async function* coachingCsv(
  criteria: readonly string[],
  rows: AsyncIterable<CoachingRow>,
): AsyncGenerator<string> {
  yield csvRow(coachingCsvHeader(criteria));
  for await (const r of rows) yield csvRow(coachingCsvCells(criteria, r));
}
