import { externalIdOf, parseBatch, splitNdjson } from './ingest-batch.js';

describe('ingest batch', () => {
  it('takes a JSON array item by item', () => {
    expect(parseBatch([{ a: 1 }, 'x'])).toEqual([{ value: { a: 1 } }, { value: 'x' }]);
  });

  it('splits NDJSON by line, skipping blank lines and naming the line that is not JSON', () => {
    expect(splitNdjson('{"a":1}\n\n  \nnot json\r\n{"b":2}\n')).toEqual([
      { value: { a: 1 } },
      { parseError: 'line 4 is not valid JSON' },
      { value: { b: 2 } },
    ]);
    expect(parseBatch('{"a":1}')).toEqual([{ value: { a: 1 } }]);
    expect(parseBatch('')).toEqual([]);
  });

  it('refuses a body that is neither an array nor text', () => {
    expect(parseBatch({ conversations: [] })).toBeNull();
    expect(parseBatch(null)).toBeNull();
    expect(parseBatch(42)).toBeNull();
  });

  it('names a rejected item by its externalId only when it is a string, cut to 200 characters', () => {
    expect(externalIdOf({ externalId: 'zd-1' })).toBe('zd-1');
    expect(externalIdOf({ externalId: 7 })).toBeUndefined();
    expect(externalIdOf(null)).toBeUndefined();
    expect(externalIdOf({ externalId: 'x'.repeat(300) })).toHaveLength(200);
  });
});
