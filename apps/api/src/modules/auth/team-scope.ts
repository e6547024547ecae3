import type { Principal } from './principal.js';

/**
 * Team scoping, the one rule every module asks: a user whose `teams` is a list sees only the
 * conversations of those teams, and only aggregates made of them; `teams: null` sees every team.
 * A conversation without a team belongs to no team, so only users who see every team see it.
 *
 * Admins set teams only for managers and trainers (the users API refuses them for other roles), but
 * the rule does not look at the role: whatever limits a user is honoured, so a mistake narrows what
 * someone sees rather than widening it.
 */

/** The teams a principal may see: null for every team. An ingest key reads nothing: no team. */
export function teamsOf(principal: Principal): readonly string[] | null {
  return principal.kind === 'user' ? principal.user.teams : [];
}

export type TeamScope = { ok: true; teams: readonly string[] | null } | { ok: false; message: string };

/**
 * What a read that names at most one team (a filter) may cover: `teams` null for every team, or
 * the user's teams (the named team narrows further as a filter of its own); refused when the named
 * team is not one of the user's.
 */
export function teamScope(principal: Principal, team?: string): TeamScope {
  const teams = teamsOf(principal);
  if (teams && team !== undefined && !teams.includes(team)) {
    return {
      ok: false,
      message: teams.length ? `is not one of your teams (${teams.join(', ')})` : 'you see no team',
    };
  }
  return { ok: true, teams };
}

/** Whether the principal may see a conversation of this team (null: it has none). */
export function maySeeTeam(principal: Principal, team: string | null): boolean {
  const teams = teamsOf(principal);
  return teams === null || (team !== null && teams.includes(team));
}
