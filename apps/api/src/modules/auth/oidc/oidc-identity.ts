import { USER_ROLES, type UserRole } from '@vigil/contracts';

/**
 * Who the identity provider says signed in, read from its claims (ID token and userinfo). Framework-free
 * so that the rules of mapping claims to a Vigil user are tested on their own.
 */
export interface OidcIdentity {
  /** The provider's stable id for the person: Vigil links the account to it, not to the e-mail. */
  subject: string;
  email: string | null;
  name: string | null;
  /** null when the role claim is missing or names no single Vigil role. */
  role: UserRole | null;
  /** undefined when the teams claim is missing or unreadable; a list limits the user to those teams. */
  teams: string[] | undefined;
}

const MAX_TEAMS = 200;
const MAX_TEAM_LENGTH = 200;

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed && trimmed.length <= max ? trimmed : null;
}

/**
 * A role claim is a string ("manager"), or a list that holds exactly one Vigil role among other
 * values (a provider's groups). Anything else names no role: two roles are not guessed between.
 */
export function roleFromClaim(value: unknown): UserRole | null {
  const values = Array.isArray(value) ? value : [value];
  const roles = new Set(
    values
      .map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : ''))
      .filter((v): v is UserRole => (USER_ROLES as readonly string[]).includes(v)),
  );
  return roles.size === 1 ? [...roles][0]! : null;
}

/** A teams claim is a list of team names, or one name as a string (providers flatten single values). */
export function teamsFromClaim(value: unknown): string[] | undefined {
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value : null;
  if (!values || !values.every((v) => typeof v === 'string')) return undefined;
  const teams = [...new Set(values.map((v) => (v as string).trim()).filter(Boolean))];
  if (teams.length > MAX_TEAMS || teams.some((t) => t.length > MAX_TEAM_LENGTH)) return undefined;
  return teams;
}

export function identityFromClaims(
  claims: Record<string, unknown>,
  names: { roleClaim: string; teamsClaim: string },
): OidcIdentity {
  const email = text(claims.email, 320);
  return {
    subject: String(claims.sub),
    email: email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null,
    name: text(claims.name, 200) ?? text(claims.preferred_username, 200),
    role: roleFromClaim(claims[names.roleClaim]),
    teams: teamsFromClaim(claims[names.teamsClaim]),
  };
}

export type OidcAccountDecision =
  | { kind: 'refuse'; reason: 'sso_no_role' | 'sso_deactivated' | 'sso_email_taken' | 'sso_no_email' }
  | { kind: 'create'; role: UserRole; teams: string[] | null }
  | {
      kind: 'update';
      userId: string;
      /** Only what differs from the account: the provider's word wins where it says something. */
      changes: { subject?: string; role?: UserRole; teams?: string[] | null };
    };

/** The account as single sign-on sees it: found by its subject, or by e-mail for a first sign-in. */
export interface ExistingAccount {
  id: string;
  role: UserRole;
  teams: string[] | null;
  source: 'local' | 'oidc';
  oidcSubject: string | null;
  disabled: boolean;
}

/**
 * What a sign-in does to Vigil's accounts:
 * - the account linked to the subject signs in, its role and teams following the claims that are
 *   present (a missing claim keeps what Vigil has, e.g. what an admin set); a deactivated one is refused;
 * - otherwise an account with the same e-mail is taken over only if an admin created it for single
 *   sign-on and nobody has signed in to it yet; a password account is never taken over by e-mail
 *   (the provider could let anyone claim any address);
 * - otherwise a first sign-in creates the account with the claimed role, or the default role
 *   (none configured: refused), and the claimed teams, or every team.
 */
export function decideAccount(
  identity: OidcIdentity,
  bySubject: ExistingAccount | null,
  byEmail: ExistingAccount | null,
  defaultRole: UserRole | null,
): OidcAccountDecision {
  const linkable = byEmail && byEmail.source === 'oidc' && byEmail.oidcSubject === null ? byEmail : null;
  const existing = bySubject ?? linkable;
  if (existing) {
    if (existing.disabled) return { kind: 'refuse', reason: 'sso_deactivated' };
    const changes: { subject?: string; role?: UserRole; teams?: string[] | null } = {};
    if (!bySubject) changes.subject = identity.subject;
    if (identity.role && identity.role !== existing.role) changes.role = identity.role;
    if (identity.teams && !sameTeams(identity.teams, existing.teams)) changes.teams = identity.teams;
    return { kind: 'update', userId: existing.id, changes };
  }
  if (!identity.email) return { kind: 'refuse', reason: 'sso_no_email' };
  if (byEmail) return { kind: 'refuse', reason: 'sso_email_taken' };
  const role = identity.role ?? defaultRole;
  if (!role) return { kind: 'refuse', reason: 'sso_no_role' };
  return { kind: 'create', role, teams: identity.teams ?? null };
}

function sameTeams(a: string[], b: string[] | null): boolean {
  return b !== null && a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}
