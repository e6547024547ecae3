import { COACHING_CSV_COLUMNS, parseQaOutcomeKey } from '@vigil/contracts';
import type { CoachingRow } from '@vigil/data';
import { csvCell } from '../audit/audit-csv.js';

/**
 * A coaching report's conversations as CSV (RFC 4180), without the framework. Cells go through the
 * audit export's csvCell: conversation fields (ids, teams, topics) come from integrations and must
 * not run as spreadsheet formulas.
 */

/**
 * A number is written bare: it is one (a negative sentiment must stay a number, not become text
 * the way a typed "-1" is); everything else is text, neutralised.
 */
type Cell = string | number | null;

const csvRow = (cells: Cell[]) =>
  `${cells.map((c) => (typeof c === 'number' ? String(c) : csvCell(c))).join(',')}\r\n`;

/** The header: the fixed columns, then one `qa:<key>` column per scorecard criterion. */
export function coachingCsvHeader(criteria: readonly string[]): string[] {
  return [...COACHING_CSV_COLUMNS, ...criteria.map((key) => `qa:${key}`)];
}

/** One conversation's cells; a criterion is "met", "not_met" or empty (not applicable, or not in its scorecard). */
export function coachingCsvCells(criteria: readonly string[], r: CoachingRow): Cell[] {
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
    r.messageCount,
    r.qaScore,
    r.sentiment,
    r.sentimentStart,
    r.sentimentEnd,
    r.topics.join(' '),
    r.flags.join(' '),
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
