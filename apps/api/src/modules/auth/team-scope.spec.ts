import type { UserRole } from '@vigil/contracts';
import type { Principal } from './principal.js';
import { maySeeTeam, teamScope, teamsOf } from './team-scope.js';

const user = (teams: string[] | null, role: UserRole = 'manager'): Principal => ({
  kind: 'user',
  role,
  sessionId: 's-1',
  user: { id: 'u-1', email: 'm@example.com', name: 'M', role, teams },
});

describe('team scoping', () => {
  it('lets a user without teams see every team, and any team they name', () => {
    expect(teamScope(user(null))).toEqual({ ok: true, teams: null });
    expect(teamScope(user(null), 'billing')).toEqual({ ok: true, teams: null });
    expect(maySeeTeam(user(null), 'billing')).toBe(true);
    expect(maySeeTeam(user(null), null)).toBe(true);
  });

  it('limits a user with teams to those, and refuses a team outside them', () => {
    const limited = user(['billing', 'sales']);
    expect(teamScope(limited)).toEqual({ ok: true, teams: ['billing', 'sales'] });
    expect(teamScope(limited, 'sales')).toEqual({ ok: true, teams: ['billing', 'sales'] });
    expect(teamScope(limited, 'retention')).toEqual({
      ok: false,
      message: 'is not one of your teams (billing, sales)',
    });
    expect(maySeeTeam(limited, 'billing')).toBe(true);
    expect(maySeeTeam(limited, 'retention')).toBe(false);
    // A conversation without a team belongs to none of theirs.
    expect(maySeeTeam(limited, null)).toBe(false);
  });

  it('honours teams whatever the role, and gives an ingest key no team', () => {
    expect(teamScope(user(['billing'], 'admin'), 'sales')).toMatchObject({ ok: false });
    const ingest: Principal = {
      kind: 'ingest',
      role: 'ingest',
      keyId: 'k-1',
      keyName: 'importer',
      source: null,
    };
    expect(teamsOf(ingest)).toEqual([]);
    expect(maySeeTeam(ingest, 'billing')).toBe(false);
    expect(teamScope(ingest, 'billing')).toEqual({ ok: false, message: 'you see no team' });
  });
});
