import type { FieldError } from '@vigil/contracts';
import { ApiRequestError } from '$lib/api';

/** The pattern the API holds topic and criterion keys to (packages/contracts/src/engine-config.ts). */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;
export const KEY_RULE =
  'Use lower-case letters, digits, ".", "_" or "-" (at most 100), starting with a letter or digit.';

/** "Charged twice (card)" → "charged_twice_card": a key suggested from a label. */
export function suggestKey(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '_')
    .replace(/^[^a-z0-9]+|[_.]+$/g, '')
    .slice(0, 100);
}

/** One entry per line; blank lines dropped. */
export function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Commas or new lines separate; blanks and repeats dropped. */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * A 400's field errors grouped by the item they are about: `topics.taxonomy.topics.2.key` under
 * prefix `topics.taxonomy.topics` becomes field "key" of the item sent third, filed under that
 * item's id in `sentIds` (the form's draft ids in the order they were sent). Errors about the list
 * as a whole (or anything else) are returned as `general`.
 */
export function groupFieldErrors(
  errors: FieldError[],
  prefix: string,
  sentIds: readonly number[],
): { byId: Map<number, Record<string, string>>; general: string[] } {
  const byId = new Map<number, Record<string, string>>();
  const general: string[] = [];
  for (const { field, message } of errors) {
    const rest = field.startsWith(`${prefix}.`) ? field.slice(prefix.length + 1) : null;
    const match = rest?.match(/^(\d+)(?:\.([^.]+))?/);
    const id = match ? sentIds[Number(match[1])] : undefined;
    if (id === undefined) {
      general.push(field === prefix || field === '(body)' ? message : `${field}: ${message}`);
      continue;
    }
    const name = match![2] ?? '(item)';
    const fields = byId.get(id) ?? {};
    // The first message per field is enough to fix it.
    fields[name] ??= message;
    byId.set(id, fields);
  }
  return { byId, general };
}

/** A message fit for the page from whatever a save threw. */
export function describeError(err: unknown): string {
  if (err instanceof ApiRequestError) {
    if (err.status === 403) return 'Your role may not make this change.';
    if (err.status === 401) return 'Your session has ended. Sign in again to save.';
    return err.message;
  }
  return err instanceof Error ? err.message : 'Something went wrong.';
}

/** The period a rescore covers, ending now. */
export function lastPeriod(hours: number, now = new Date()): { from: string; to: string } {
  return { from: new Date(now.getTime() - hours * 3_600_000).toISOString(), to: now.toISOString() };
}

/** A 400's (or 409's) field errors by field name, first message each: for one form's fields. */
export function fieldErrorsOf(err: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (err instanceof ApiRequestError)
    for (const { field, message } of err.body?.errors ?? []) errors[field] ??= message;
  return errors;
}
