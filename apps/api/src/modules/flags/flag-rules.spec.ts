import {
  decodeCursor,
  encodeCursor,
  isOverdue,
  planDecision,
  staleness,
  type FlagState,
} from './flag-rules.js';

const now = new Date('2026-12-01T12:00:00Z');
const open: FlagState = { status: 'open', version: 3, decidedAt: null, closedAt: null };

describe('flag rules', () => {
  it('refuse a dismissal without a reason, naming the field', () => {
    expect(planDecision(open, 'dismissed', undefined, now)).toEqual({
      code: 'invalid',
      field: 'reason',
      message: 'a dismissal needs a reason',
    });
    expect(planDecision(open, 'dismissed', '   ', now)).toMatchObject({ code: 'invalid', field: 'reason' });
  });

  it('a decision closes the flag and stamps it; in review does neither', () => {
    expect(planDecision(open, 'confirmed', ' Asked for the PIN ', now)).toEqual({
      set: { status: 'confirmed', decisionReason: 'Asked for the PIN', decidedAt: now, closedAt: now },
      details: { from: 'open', to: 'confirmed', reason: 'Asked for the PIN' },
    });
    expect(planDecision(open, 'in_review', undefined, now)).toEqual({
      set: { status: 'in_review', decisionReason: null, decidedAt: null, closedAt: null },
      details: { from: 'open', to: 'in_review' },
    });
  });

  it('an escalated flag decided later keeps the time it stopped awaiting a decision', () => {
    const escalatedAt = new Date('2026-12-01T09:00:00Z');
    const escalated: FlagState = {
      status: 'escalated',
      version: 4,
      decidedAt: escalatedAt,
      closedAt: escalatedAt,
    };
    expect(planDecision(escalated, 'confirmed', undefined, now)).toMatchObject({
      set: { status: 'confirmed', decidedAt: now, closedAt: escalatedAt },
    });
    expect(planDecision(escalated, 'in_review', undefined, now)).toMatchObject({ code: 'conflict' });
  });

  it('confirmed and dismissed are final; the same status again is a conflict', () => {
    const confirmed: FlagState = { ...open, status: 'confirmed' };
    expect(planDecision(confirmed, 'dismissed', 'no', now)).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/decided/),
    });
    expect(planDecision(open, 'open', undefined, now)).toMatchObject({ code: 'conflict' });
  });

  it('refuse a stale action by version or by status', () => {
    expect(staleness(open, { version: 3 })).toBeNull();
    expect(staleness(open, { version: 2 })).toMatchObject({ code: 'stale' });
    expect(staleness(open, { expectedStatus: 'in_review' })).toMatchObject({ code: 'stale' });
    expect(staleness(open, {})).toBeNull();
  });

  it('round-trip the queue cursor and refuse a forged one', () => {
    const cursor = {
      severityRank: 4,
      raisedAt: '2026-12-01T10:00:00.123Z',
      id: '0b9f3c1e-8a1d-4c1e-9a56-6b8a0c1d2e3f',
    };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor('nonsense')).toBeNull();
    expect(decodeCursor(Buffer.from(JSON.stringify([4, 'x', 'y'])).toString('base64url'))).toBeNull();
  });

  it('is overdue only while awaiting a decision past the SLA', () => {
    const raised = new Date(now.getTime() - 25 * 3_600_000);
    expect(isOverdue('open', raised, 24, now)).toBe(true);
    expect(isOverdue('in_review', raised, 24, now)).toBe(true);
    expect(isOverdue('confirmed', raised, 24, now)).toBe(false);
    expect(isOverdue('open', raised, 48, now)).toBe(false);
  });
});
