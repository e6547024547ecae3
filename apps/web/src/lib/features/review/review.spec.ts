import { AWAITING, formatAge, parseQueueFilters, queueHref, toListQuery, triageAction } from './review';

const key = (k: string, extra: Partial<{ ctrlKey: boolean; target: unknown }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: { tagName: 'BODY' },
  ...extra,
});

describe('the review queue', () => {
  it('keeps its filters in the URL, awaiting a decision by default', () => {
    const filters = parseQueueFilters(new URLSearchParams(''));
    expect(filters.status).toBe(AWAITING);
    expect(queueHref(filters)).toBe('/review');
    const narrowed = parseQueueFilters(
      new URLSearchParams('severity=critical&assignee=me&channel=fax&overdue=true'),
    );
    expect(narrowed).toMatchObject({ severity: 'critical', assignee: 'me', channel: '', overdue: true });
    expect(queueHref(narrowed)).toBe('/review?severity=critical&assignee=me&overdue=true');
    expect(toListQuery(narrowed)).toMatchObject({ status: AWAITING, severity: 'critical', overdue: true });
    expect(toListQuery({ ...narrowed, status: '' }).status).toBeUndefined();
  });

  it('filters by source: policy or fraud, nothing else', () => {
    const fraud = parseQueueFilters(new URLSearchParams('source=fraud'));
    expect(fraud.source).toBe('fraud');
    expect(queueHref(fraud)).toBe('/review?source=fraud');
    expect(toListQuery(fraud).source).toBe('fraud');
    expect(parseQueueFilters(new URLSearchParams('source=campaign')).source).toBe('');
  });

  it('maps triage keys to actions, but not while typing or for those who may only read', () => {
    expect(triageAction(key('j'), false)).toBe('next');
    expect(triageAction(key('c'), true)).toBe('confirm');
    expect(triageAction(key('c'), false)).toBeNull();
    expect(triageAction(key('d', { target: { tagName: 'INPUT' } }), true)).toBeNull();
    expect(triageAction(key('e', { ctrlKey: true }), true)).toBeNull();
    expect(triageAction(key('q'), true)).toBeNull();
  });

  it('says how long a flag has waited', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    expect(formatAge('2026-12-03T11:15:00Z', now)).toBe('45 min');
    expect(formatAge('2026-12-03T07:00:00Z', now)).toBe('5 h');
    expect(formatAge('2026-11-30T12:00:00Z', now)).toBe('3 d');
  });
});
