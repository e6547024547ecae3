import { bucketRange, overviewFilter } from './metric-query';

describe('metric queries', () => {
  it('snaps from to its bucket and keeps to', () => {
    expect(
      bucketRange({ from: '2026-11-23T10:17:30Z', to: '2026-11-23T12:00:00Z', granularity: 'hour' }, 2000),
    ).toEqual({ from: new Date('2026-11-23T10:00:00Z'), to: new Date('2026-11-23T12:00:00Z') });
  });

  it('refuses a range that ends before it starts, naming "to"', () => {
    expect(
      bucketRange({ from: '2026-11-23T10:00:00Z', to: '2026-11-23T09:00:00Z', granularity: 'minute' }, 2000),
    ).toEqual({ problem: expect.objectContaining({ field: 'to', message: 'must be after from' }) });
  });

  it('refuses more buckets than allowed, naming the granularity', () => {
    const week = { from: '2026-11-01T00:00:00Z', to: '2026-11-08T00:00:00Z' };
    expect(bucketRange({ ...week, granularity: 'minute' }, 2000)).toEqual({
      problem: expect.objectContaining({ field: 'granularity', message: 'too fine for this range' }),
    });
    expect(bucketRange({ ...week, granularity: 'hour' }, 2000)).not.toHaveProperty('problem');
  });

  it('takes one filter dimension at most', () => {
    const base = { from: '', to: '', granularity: 'minute' as const };
    expect(overviewFilter(base)).toBeUndefined();
    expect(overviewFilter({ ...base, channel: 'chat' })).toBe('channel');
    expect(overviewFilter({ ...base, team: 'billing', agent: 'a-1' })).toEqual({
      problem: expect.objectContaining({ field: 'agent', message: 'cannot be combined with team' }),
    });
  });
});
