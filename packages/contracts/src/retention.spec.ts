import { DEFAULT_RETENTION, RETENTION_CLASSES, retentionPolicySchema } from './retention';

describe('retention periods', () => {
  it('take the shipped defaults and "keep forever" for any class', () => {
    expect(retentionPolicySchema.parse(DEFAULT_RETENTION)).toEqual(DEFAULT_RETENTION);
    const forever = { text: null, scores: null, flags: null, audit: null };
    expect(retentionPolicySchema.parse(forever)).toEqual(forever);
  });

  it('name each wrong period: not whole days, too short, too long, missing, or unknown', () => {
    const result = retentionPolicySchema.safeParse({ text: 0, scores: 2.5, flags: 40_000, audit: 364, x: 1 });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((i) => i.path.join('.') || '(body)');
    expect(fields.sort()).toEqual(['(body)', 'audit', 'flags', 'scores', 'text']);
    const missing = retentionPolicySchema.safeParse({ text: 30 });
    expect(missing.error!.issues.map((i) => i.path[0]).sort()).toEqual(
      RETENTION_CLASSES.filter((c) => c !== 'text').sort(),
    );
  });

  it('keep the audit log at least a year', () => {
    expect(retentionPolicySchema.safeParse({ ...DEFAULT_RETENTION, audit: 364 }).success).toBe(false);
    expect(retentionPolicySchema.safeParse({ ...DEFAULT_RETENTION, audit: 365 }).success).toBe(true);
  });
});
