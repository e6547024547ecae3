import { isNegative } from '@vigil/contracts';

/** Number, time and sentiment formatting in one place, so every page reads the same. */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const timeHm = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const timeHms = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export const EMPTY = '—';

export function formatInteger(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? EMPTY : integer.format(value);
}

export function formatRate(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? EMPTY : oneDecimal.format(value);
}

export function formatPercent(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? EMPTY : percent.format(value);
}

/** Polarity in [-1, 1] with an explicit sign and a real minus: "+0.42", "−0.31". */
export function formatSentiment(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return EMPTY;
  const rounded = Math.round(value * 100) / 100;
  if (rounded === 0) return '0.00';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(2)}`;
}

export type Tone = 'negative' | 'neutral' | 'positive' | 'none';

/** Above this a customer counts as positive; mirrors NEGATIVE_SENTIMENT_THRESHOLD on the other side. */
const POSITIVE_SENTIMENT_THRESHOLD = 0.05;

export function sentimentTone(value: number | null | undefined): Tone {
  if (value == null || !Number.isFinite(value)) return 'none';
  if (isNegative(value)) return 'negative';
  return value > POSITIVE_SENTIMENT_THRESHOLD ? 'positive' : 'neutral';
}

export function sentimentLabel(value: number | null | undefined): string {
  const tone = sentimentTone(value);
  return tone === 'none' ? 'no sentiment' : tone;
}

function toDate(value: string | number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

export function formatTime(value: string | number | Date | null | undefined, seconds = false): string {
  if (value == null) return EMPTY;
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return EMPTY;
  return (seconds ? timeHms : timeHm).format(date);
}

export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value == null) return EMPTY;
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? EMPTY : dateTime.format(date);
}

/** "4 min 05 s", "1 h 12 min", "35 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return EMPTY;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

/** Offset of a message from the start of its conversation: "+2:05". */
export function formatOffset(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '';
  const sign = ms < 0 ? '−' : '+';
  const total = Math.round(Math.abs(ms) / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${sign}${m}:${String(s).padStart(2, '0')}`;
}

/** ISO string → value for <input type="datetime-local"> in the browser's time zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(
    date.getMinutes(),
  )}`;
}

/** Value of <input type="datetime-local"> (local time) → ISO string, or undefined when empty. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function capitalize(value: string): string {
  return value ? value[0]!.toUpperCase() + value.slice(1) : value;
}

/** A version as people read it: "v3" for a number, a name ("default-2026-01") as it is. */
export function formatVersion(version: string): string {
  return /^\d/.test(version) ? `v${version}` : version;
}
