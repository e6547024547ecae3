import {
  decideAccount,
  identityFromClaims,
  roleFromClaim,
  teamsFromClaim,
  type ExistingAccount,
  type OidcIdentity,
} from './oidc-identity.js';

const names = { roleClaim: 'vigil_role', teamsClaim: 'vigil_teams' };

describe('roleFromClaim', () => {
  it('reads a role, whatever its case and spacing', () => {
    expect(roleFromClaim('trainer')).toBe('trainer');
    expect(roleFromClaim(' Compliance ')).toBe('compliance');
  });

  it('takes the one Vigil role out of a list of groups', () => {
    expect(roleFromClaim(['staff', 'manager', 'emea'])).toBe('manager');
    expect(roleFromClaim(['manager', 'MANAGER'])).toBe('manager');
  });

  it.each([
    [undefined],
    [null],
    [''],
    ['superuser'],
    [42],
    [{ role: 'admin' }],
    [['admin', 'trainer']],
    [[]],
  ])('names no role for %p (two roles are not guessed between)', (value) =>
    expect(roleFromClaim(value)).toBeNull(),
  );
});

describe('teamsFromClaim', () => {
  it('reads a list of team names, trimmed and without repeats or blanks', () => {
    expect(teamsFromClaim(['billing', ' returns ', 'billing', ''])).toEqual(['billing', 'returns']);
  });

  it('reads one team given as a string, and an empty list as no team', () => {
    expect(teamsFromClaim('billing')).toEqual(['billing']);
    expect(teamsFromClaim([])).toEqual([]);
  });

  it.each([[undefined], [null], [3], [['billing', 3]], [{ billing: true }], [['x'.repeat(201)]]])(
    'does not read %p',
    (value) => expect(teamsFromClaim(value)).toBeUndefined(),
  );
});

describe('identityFromClaims', () => {
  it('reads the subject, e-mail, name, role and teams under the configured claim names', () => {
    expect(
      identityFromClaims(
        { sub: 's-1', email: 'a@example.com', name: 'Ada', groups: ['manager'], units: ['billing'] },
        { roleClaim: 'groups', teamsClaim: 'units' },
      ),
    ).toEqual({ subject: 's-1', email: 'a@example.com', name: 'Ada', role: 'manager', teams: ['billing'] });
  });

  it('falls back to preferred_username for the name, and drops what is not an e-mail address', () => {
    expect(identityFromClaims({ sub: 's-1', email: 'nope', preferred_username: 'ada' }, names)).toMatchObject(
      {
        email: null,
        name: 'ada',
        role: null,
        teams: undefined,
      },
    );
  });
});

describe('decideAccount', () => {
  const identity = (over: Partial<OidcIdentity> = {}): OidcIdentity => ({
    subject: 'sub-1',
    email: 'ada@example.com',
    name: 'Ada',
    role: null,
    teams: undefined,
    ...over,
  });
  const account = (over: Partial<ExistingAccount> = {}): ExistingAccount => ({
    id: 'u-1',
    role: 'trainer',
    teams: ['billing'],
    source: 'oidc',
    oidcSubject: 'sub-1',
    disabled: false,
    ...over,
  });

  it('creates a first sign-in with the claimed role and teams', () => {
    expect(
      decideAccount(identity({ role: 'compliance', teams: ['billing'] }), null, null, 'manager'),
    ).toEqual({
      kind: 'create',
      role: 'compliance',
      teams: ['billing'],
    });
  });

  it('creates with the default role and every team when the claims say nothing', () => {
    expect(decideAccount(identity(), null, null, 'manager')).toEqual({
      kind: 'create',
      role: 'manager',
      teams: null,
    });
  });

  it('refuses a first sign-in without a role when no default role is configured', () => {
    expect(decideAccount(identity(), null, null, null)).toEqual({ kind: 'refuse', reason: 'sso_no_role' });
  });

  it('refuses a first sign-in without an e-mail address', () => {
    expect(decideAccount(identity({ email: null }), null, null, 'manager')).toEqual({
      kind: 'refuse',
      reason: 'sso_no_email',
    });
  });

  it('follows the claims that are present at a later sign-in, and keeps the rest', () => {
    const known = account();
    expect(decideAccount(identity({ role: 'manager' }), known, null, 'manager')).toEqual({
      kind: 'update',
      userId: 'u-1',
      changes: { role: 'manager' },
    });
    expect(decideAccount(identity({ teams: ['returns'] }), known, null, 'manager')).toEqual({
      kind: 'update',
      userId: 'u-1',
      changes: { teams: ['returns'] },
    });
    // The same teams in another order are no change.
    expect(
      decideAccount(identity({ teams: ['b', 'a'] }), account({ teams: ['a', 'b'] }), null, 'manager'),
    ).toEqual({
      kind: 'update',
      userId: 'u-1',
      changes: {},
    });
  });

  it('refuses a deactivated account, even when the claims would change it', () => {
    expect(decideAccount(identity({ role: 'admin' }), account({ disabled: true }), null, 'manager')).toEqual({
      kind: 'refuse',
      reason: 'sso_deactivated',
    });
  });

  it('links an account an admin made for single sign-on, found by its e-mail', () => {
    const invited = account({ oidcSubject: null });
    expect(decideAccount(identity({ role: 'trainer' }), null, invited, 'manager')).toEqual({
      kind: 'update',
      userId: 'u-1',
      changes: { subject: 'sub-1' },
    });
  });

  it('never takes over a password account, or one linked to another subject, by e-mail', () => {
    for (const byEmail of [
      account({ source: 'local', oidcSubject: null }),
      account({ oidcSubject: 'sub-2' }),
    ]) {
      expect(decideAccount(identity({ role: 'admin' }), null, byEmail, 'manager')).toEqual({
        kind: 'refuse',
        reason: 'sso_email_taken',
      });
    }
  });
});
