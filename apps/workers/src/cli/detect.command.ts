import { createInterface } from 'node:readline';
import { detect, newAnomalyState } from '@vigil/engine';

export const DETECT_USAGE = `Usage: vigil detect < series.csv > scored.csv

Reads one series as CSV on stdin, "timestamp,value" per line (a header line is optional), oldest
first, and writes "timestamp,value,anomaly_score" per line, with the same streaming detector the
workers run: a row's score in [0, 1] depends only on the rows before it, and is 0 while the series
has too little history. Timestamps are ISO 8601 ("2014-04-01 00:00:00" and "2014-04-01T00:00:00Z"
both work; without a zone they are UTC) or Unix epoch seconds. A line that cannot be read is
reported on stderr with its line number and skipped; the exit code is then 1.`;

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** A timestamp in milliseconds, or null if it is not one (ISO 8601, UTC unless it says otherwise; or epoch seconds). */
export function parseTimestamp(text: string): number | null {
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (!ISO.test(text)) return null;
  const iso = text.replace(' ', 'T');
  const ms = Date.parse(HAS_ZONE.test(iso) || iso.length === 10 ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? null : ms;
}

export type DetectLine = { timestamp: string; ms: number; value: string; number: number } | { error: string };

/** One CSV line: its timestamp and value, or why it cannot be read. */
export function parseDetectLine(text: string): DetectLine {
  const cells = text.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  if (cells.length !== 2) return { error: `expected 2 fields "timestamp,value", found ${cells.length}` };
  const [timestamp, value] = cells as [string, string];
  const ms = parseTimestamp(timestamp);
  if (ms === null) return { error: `not a timestamp: "${timestamp}"` };
  const number = value === '' ? NaN : Number(value);
  if (!Number.isFinite(number)) return { error: `not a number: "${value}"` };
  return { timestamp, ms, value, number };
}

export function runDetectCommand(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
  errors: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const state = newAnomalyState();
  let invalid = 0;
  let line = 0;
  let waiting = false;
  const lines = createInterface({ input, crlfDelay: Infinity });
  output.write('timestamp,value,anomaly_score\n');
  // One line in, one line out, in the same 'line' event (detection is synchronous): nothing is
  // buffered but the state, and reading pauses while whoever reads our output falls behind.
  lines.on('line', (text) => {
    line += 1;
    if (!text.trim()) return;
    const parsed = parseDetectLine(text);
    if ('error' in parsed) {
      // A header is a first line whose value is not a number.
      if (line === 1 && !/^\s*"?[\d.+-]/.test(text.split(',')[1] ?? '')) return;
      invalid += 1;
      errors.write(`vigil detect: line ${line}: ${parsed.error}\n`);
      return;
    }
    const { score } = detect(state, parsed.ms, parsed.number);
    if (!output.write(`${parsed.timestamp},${parsed.value},${formatScore(score)}\n`) && !waiting) {
      waiting = true;
      lines.pause();
      output.once('drain', () => {
        waiting = false;
        lines.resume();
      });
    }
  });
  return new Promise((resolve, reject) => {
    input.on('error', reject);
    lines.on('close', () => output.write('', () => resolve(invalid > 0 ? 1 : 0)));
  });
}

/** Enough digits for a threshold search to tell scores apart, no more. */
const formatScore = (score: number) => (score === 0 ? '0' : score.toFixed(6).replace(/0+$/, ''));
