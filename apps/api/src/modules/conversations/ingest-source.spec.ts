import type { ValidationResult } from '@vigil/contracts';
import { restrictSource, sourceRefusal } from './ingest-source.js';

describe('ingest source restriction', () => {
  it('lets a key without a source post any source', () => {
    expect(sourceRefusal('zendesk', null)).toBeNull();
  });

  it('lets a key post its own source and refuses another, naming the field', () => {
    expect(sourceRefusal('zendesk', 'zendesk')).toBeNull();
    expect(sourceRefusal('intercom', 'zendesk')).toEqual({
      field: 'source',
      message: 'this ingest key may only post conversations of source "zendesk"',
    });
    // Sources are ids: compared exactly, case included.
    expect(sourceRefusal('Zendesk', 'zendesk')).not.toBeNull();
  });
});

describe('a batch item with the source restriction', () => {
  const valid = { ok: true, value: { source: 'intercom' } } as unknown as ValidationResult;

  it('becomes a rejection naming source when its source is not the key’s', () => {
    expect(restrictSource(valid, 'zendesk')).toEqual({
      ok: false,
      errors: [
        { field: 'source', message: 'this ingest key may only post conversations of source "zendesk"' },
      ],
    });
  });

  it('stays as it was otherwise', () => {
    expect(restrictSource(valid, 'intercom')).toBe(valid);
    expect(restrictSource(valid, null)).toBe(valid);
    const invalid: ValidationResult = { ok: false, errors: [{ field: 'channel', message: 'bad' }] };
    expect(restrictSource(invalid, 'zendesk')).toBe(invalid);
  });
});
