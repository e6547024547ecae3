import type { FieldError, ValidationResult } from '@vigil/contracts';

/**
 * An ingest key limited to a source posts only conversations of that source (compared as posted,
 * after validation trimmed it). The error naming `source` when it may not; null when it may.
 */
export function sourceRefusal(source: string, allowed: string | null): FieldError | null {
  if (allowed === null || source === allowed) return null;
  return { field: 'source', message: `this ingest key may only post conversations of source "${allowed}"` };
}

/** A batch item's validation with the key's restriction applied: another source makes it a rejected item. */
export function restrictSource(result: ValidationResult, allowed: string | null): ValidationResult {
  const refused = result.ok ? sourceRefusal(result.value.source, allowed) : null;
  return refused ? { ok: false, errors: [refused] } : result;
}
