/** JSON for Postgres' jsonb, shared by the repositories that write analyzer outputs and flags. */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * JSON that Postgres' jsonb accepts. JSON.stringify writes a lone UTF-16 surrogate (an emoji cut in
 * half, e.g. by a quote truncated to 80 characters) as `\udXXX`, which jsonb rejects — and one such
 * output fails the whole batch's transaction. Rare, so only then is it serialised again, replacing
 * lone surrogates with U+FFFD.
 */
export function toJsonb(value: unknown): string {
  const json = JSON.stringify(value);
  if (!/\\u[dD][89a-fA-F]/.test(json)) return json;
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' ? v.replace(LONE_SURROGATE, '\uFFFD') : v,
  );
}
