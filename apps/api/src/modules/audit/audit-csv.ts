import type { AuditEntry } from '@vigil/contracts';

/** The audit log as CSV (RFC 4180), without the framework: what a cell and a row become. */

export const AUDIT_CSV_COLUMNS = ['id', 'at', 'actor', 'action', 'target', 'ip', 'details'] as const;

/**
 * One cell, quoted, with quotes doubled. Text that a spreadsheet would run as a formula (starting
 * with = + - @, or a tab or carriage return before one) gets a leading apostrophe: actors, targets
 * and details can be typed by anyone, an e-mail tried at sign-in for one.
 */
export function csvCell(value: string | null): string {
  const text = value ?? '';
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvRow(values: Array<string | null>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** The header, then one row per entry, as the entries arrive. */
export async function* auditCsv(entries: AsyncIterable<AuditEntry>): AsyncGenerator<string> {
  yield csvRow([...AUDIT_CSV_COLUMNS]);
  for await (const e of entries) {
    yield csvRow([e.id, e.at, e.actor, e.action, e.target, e.ip, JSON.stringify(e.details)]);
  }
}
