/** The rules of a bulk ingest body, without the framework: what counts as a batch, and its items. */

export type BatchItem = { value: unknown } | { parseError: string };

/**
 * NDJSON text as items, one per non-blank line; a line that is not JSON is an item with a parse
 * error naming its line (1-based, counting blank lines), so the rest of the batch still counts.
 */
export function splitNdjson(text: string): BatchItem[] {
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, n }) => {
      try {
        return { value: JSON.parse(line) as unknown };
      } catch {
        return { parseError: `line ${n} is not valid JSON` };
      }
    });
}

/** A batch as a JSON array or NDJSON text (the body parser leaves NDJSON a string); null if neither. */
export function parseBatch(body: unknown): BatchItem[] | null {
  if (Array.isArray(body)) return body.map((value) => ({ value }));
  if (typeof body === 'string') return splitNdjson(body);
  return null;
}

/** The externalId of a rejected item, to name it in the response, if it has a usable one. */
export function externalIdOf(value: unknown): string | undefined {
  const id = (value as { externalId?: unknown } | null)?.externalId;
  return typeof id === 'string' ? id.slice(0, 200) : undefined;
}
