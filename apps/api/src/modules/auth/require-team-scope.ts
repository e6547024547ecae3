import { ForbiddenException } from '@nestjs/common';
import type { Principal } from './principal.js';
import { teamScope } from './team-scope.js';

/**
 * The team scope of a REST read (see team-scope.ts): null for every team, or the user's teams —
 * or a 403 naming the field when the request names a team that is not theirs.
 */
export function requireTeamScope(
  principal: Principal,
  team: string | undefined,
  field = 'query.team',
): readonly string[] | null {
  const scope = teamScope(principal, team);
  if (!scope.ok) {
    throw new ForbiddenException({
      message: 'You are limited to other teams',
      errors: [{ field, message: scope.message }],
    });
  }
  return scope.teams;
}
