import { weekStart } from './coaching-reports.service';

describe('weekStart', () => {
  it('is Monday 00:00 UTC of the week, a Monday and a Sunday included', () => {
    expect(weekStart(new Date('2026-12-05T18:30:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z'); // Saturday
    expect(weekStart(new Date('2026-12-06T23:59:59Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z'); // Sunday
    expect(weekStart(new Date('2026-12-07T00:00:00Z')).toISOString()).toBe('2026-12-07T00:00:00.000Z'); // Monday
    expect(weekStart(new Date('2027-01-01T12:00:00Z')).toISOString()).toBe('2026-12-28T00:00:00.000Z'); // across a year
  });
});
