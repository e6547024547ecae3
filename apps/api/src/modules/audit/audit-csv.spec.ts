import type { AuditEntry } from '@vigil/contracts';
import { auditCsv, csvCell, csvRow } from './audit-csv.js';

describe('audit CSV', () => {
  it('quotes every cell and doubles the quotes inside', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi", then, leave')).toBe('"say ""hi"", then, leave"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('""');
  });

  it('neutralises what a spreadsheet would run as a formula', () => {
    for (const text of ['=1+2', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1'])
      expect(csvCell(text)).toBe(`"'${text}"`);
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    // Only the start counts.
    expect(csvCell('a=1')).toBe('"a=1"');
  });

  it('ends rows with CRLF', () => {
    expect(csvRow(['a', null, 'b'])).toBe('"a","","b"\r\n');
  });

  it('writes a header, then each entry with its details as JSON', async () => {
    async function* entries(): AsyncGenerator<AuditEntry> {
      yield {
        id: '7',
        at: '2026-12-01T10:00:00.000Z',
        actor: 'admin@example.com',
        actorId: null,
        action: 'key.created',
        target: 'key:1',
        ip: '127.0.0.1',
        details: { name: 'zendesk' },
      };
    }
    const lines: string[] = [];
    for await (const line of auditCsv(entries())) lines.push(line);
    expect(lines).toEqual([
      '"id","at","actor","action","target","ip","details"\r\n',
      '"7","2026-12-01T10:00:00.000Z","admin@example.com","key.created","key:1","127.0.0.1","{""name"":""zendesk""}"\r\n',
    ]);
  });
});
