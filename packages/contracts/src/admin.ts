import { z } from 'zod';
import type { UserRole } from './roles';

/**
 * Team administration: users, ingest keys and the audit log, as the API returns them.
 * `teams: null` means every team; a list limits a manager or trainer to those teams.
 */

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  teams: string[] | null;
  active: boolean;
  /** How the user signs in: a local password, or single sign-on (OIDC). */
  source: 'local' | 'oidc';
  createdAt: string;
  lastSignInAt: string | null;
  /**
   * The user's unused one-time link (an invitation, or an admin's password reset), if there is one:
   * until it is used they have no password. It may have expired (then reset the password for a new one).
   */
  invitation: { expiresAt: string } | null;
}

/** The shortest password Vigil accepts for a local account. */
export const PASSWORD_MIN_LENGTH = 12;

/** A new password, wherever one is set (a new user, an invitation, a change of one's own). */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(1024, 'must be at most 1024 characters');

/**
 * The roles an admin may limit to teams. Admins and compliance officers always see every team (they
 * manage, and answer for, the whole service); the API refuses teams for them.
 */
export const TEAM_LIMITED_ROLES = ['manager', 'trainer'] as const satisfies readonly UserRole[];

export function mayBeLimitedToTeams(role: UserRole): boolean {
  return (TEAM_LIMITED_ROLES as readonly UserRole[]).includes(role);
}

/** What `POST /users` answers: the new user's id and, for an invited user, the one-time link (shown once). */
export interface UserCreated {
  id: string;
  invitationUrl?: string;
  invitationExpiresAt?: string;
}

/** A one-time link with which a user sets their password: an invitation, or an admin's password reset. */
export interface InvitationLink {
  invitationUrl: string;
  expiresAt: string;
}

/** Whom an invitation link is for, as its page shows it before the password is set. */
export interface InvitationDetails {
  email: string;
  name: string;
  expiresAt: string;
}

/** One of the signed-in user's own sessions (a browser where they are signed in). */
export interface SessionSummary {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  /** The session this request came with. */
  current: boolean;
}

export interface IngestKeySummary {
  id: string;
  name: string;
  /** The first characters, to tell keys apart; the key itself is shown once, when created. */
  prefix: string;
  /** The only source this key may post as; null for any. */
  source: string | null;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A key just created: the only time the key itself is shown. */
export interface CreatedIngestKey extends IngestKeySummary {
  key: string;
}

/** What is on record. Names are `area.verb`; the list grows with the features that audit. */
export const AUDIT_ACTIONS = [
  'auth.signedIn',
  'auth.signInFailed',
  'auth.signedOut',
  'auth.passwordChanged',
  'auth.sessionsEnded',
  'user.created',
  'user.invited',
  'user.invitationAccepted',
  'user.updated',
  'user.passwordReset',
  'key.created',
  'key.revoked',
  'settings.changed',
  'rescore.started',
  'discovery.started',
  'conversation.unredactedRead',
  'flag.decided',
  'flag.assigned',
  'flag.commented',
  'export.created',
  'coaching.noteAdded',
  'report.subscribed',
  'report.unsubscribed',
  'conversation.erased',
  'retention.started',
  'retention.applied',
  'alert.ruleCreated',
  'alert.ruleUpdated',
  'alert.ruleDeleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: string;
  at: string;
  /** Who: the user's e-mail, "ingest key <name>", "system", or the e-mail tried at a failed sign-in. */
  actor: string;
  actorId: string | null;
  action: AuditAction;
  /** What was acted on, e.g. "user:<id>", "key:<id>", "engine-config:7". */
  target: string | null;
  /** From where: the client's address. */
  ip: string | null;
  details: Record<string, unknown>;
}

/**
 * An audit filter on the action: one action, or every action of an area given as its name and a dot
 * (`user.` for user.created, user.updated…).
 */
export function isAuditActionFilter(value: string): boolean {
  if ((AUDIT_ACTIONS as readonly string[]).includes(value)) return true;
  return /^[a-z]+\.$/.test(value) && AUDIT_ACTIONS.some((a) => a.startsWith(value));
}

/** The areas of the audit log (`auth.`, `user.`…), each a filter on all of its actions. */
export const AUDIT_AREAS = [...new Set(AUDIT_ACTIONS.map((a) => `${a.split('.')[0]}.`))];

/** One page of the audit log, newest first; `next` is the `before` of the following page, null on the last. */
export interface AuditPage {
  entries: AuditEntry[];
  next: string | null;
}

/** The audit log's filters, as the API takes them (ISO times, `from` inclusive, `to` exclusive). */
export interface AuditQuery {
  from?: string;
  to?: string;
  action?: string;
  actor?: string;
  target?: string;
}
