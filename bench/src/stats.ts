/** Small statistics helpers for the benchmark's figures. */

/** Percentile by linear interpolation between closest ranks; `p` in [0, 100]. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function median(values: readonly (number | undefined)[]): number | undefined {
  const present = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return percentile(present, 50);
}

export function round(value: number | undefined, digits = 0): number | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function fmt(value: number | undefined, digits = 0): string {
  const r = round(value, digits);
  return r === undefined
    ? '–'
    : r.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
