import { AUDIT_ACTIONS } from '@vigil/contracts';
import { auditActionChoices, formatAuditDetails, readAuditFilters, toAuditQuery } from './audit-log';

describe('audit log page', () => {
  it('reads the filters from the address, dropping days that are not days', () => {
    const params = new URLSearchParams('action=key.&actor=%20ann%20&from=2026-12-01&to=yesterday');
    expect(readAuditFilters(params)).toEqual({ action: 'key.', actor: 'ann', from: '2026-12-01', to: '' });
    expect(readAuditFilters(new URLSearchParams())).toEqual({ action: '', actor: '', from: '', to: '' });
  });

  it('turns whole local days into a period that includes the last day', () => {
    const query = toAuditQuery({ action: '', actor: '', from: '2026-12-01', to: '2026-12-03' });
    expect(query.action).toBeUndefined();
    expect(query.actor).toBeUndefined();
    expect(new Date(query.from!)).toEqual(new Date(2026, 11, 1));
    expect(new Date(query.to!)).toEqual(new Date(2026, 11, 4));
  });

  it('offers every action once, and each area with several actions as a whole', () => {
    const choices = auditActionChoices();
    const values = choices.flatMap((c) => c.options.map((o) => o.value));
    expect(values.filter((v) => !v.endsWith('.')).sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(values).toContain('user.');
    // An area of one action is just that action.
    expect(values).not.toContain('rescore.');
  });

  it('puts details on one line, leaving out what is empty', () => {
    expect(
      formatAuditDetails({ setting: 'topics', version: 3, note: null, filters: { action: 'key.' } }),
    ).toBe('setting: topics · version: 3 · filters: {"action":"key."}');
    expect(formatAuditDetails({})).toBe('');
  });
});
