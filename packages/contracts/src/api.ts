import type { Channel, Conversation, FieldError } from './conversation.schema';
import type { ConversationScores } from './analysis';
import type { ConversationSignal } from './campaigns';
import type { UserRole } from './roles';

/** Response shapes of the REST API, shared with the web app. */

/**
 * A conversation's lifecycle: stored and `queued` (its score job is in Redis), or `received` when
 * the queue refused it (the sweep queues it later); `scored` once, or `failed` after its last
 * attempt. The transitions are named in @vigil/data's ConversationRepository.
 */
export const ConversationStatus = {
  Received: 'received',
  Queued: 'queued',
  Scored: 'scored',
  Failed: 'failed',
} as const;
export type ConversationStatus = (typeof ConversationStatus)[keyof typeof ConversationStatus];
export const CONVERSATION_STATUSES = [
  ConversationStatus.Received,
  ConversationStatus.Queued,
  ConversationStatus.Scored,
  ConversationStatus.Failed,
] as const;

export interface IngestAccepted {
  id: string;
  externalId: string;
  source: string;
  /** false when (source, externalId) was posted before: the stored conversation is returned. */
  created: boolean;
}

export interface IngestRejected {
  /** Position in the batch (0-based), and the external id when it could be read. */
  index: number;
  externalId?: string;
  errors: FieldError[];
}

export interface BulkIngestResponse {
  accepted: IngestAccepted[];
  rejected: IngestRejected[];
}

export interface ConversationSummary {
  id: string;
  externalId: string;
  source: string;
  channel: Channel;
  team: string | null;
  agentIds: string[];
  /** The agents as posted (id, name, human or AI), so lists can show names rather than ids. */
  agents: ConversationAgent[];
  startedAt: string;
  endedAt: string;
  messageCount: number;
  status: ConversationStatus;
  customerSentiment: number | null;
  qaScore: number | null;
  topics: string[];
}

export interface ConversationDetail extends ConversationSummary {
  conversation: Conversation;
  scores: ConversationScores;
  error: string | null;
  attempts: number;
  receivedAt: string;
  scoredAt: string | null;
  /** When retention emptied its text and the customer's details (the conversation is kept, counted). */
  textExpiredAt: string | null;
  /** When retention deleted its scores and evidence (the summary figures above are kept). */
  scoresExpiredAt: string | null;
  /**
   * Signals found on it after scoring, by kind: outliers against its team and channel (outlier_*),
   * and, for readers of flags (flags.read), the cross-account signals (shared_*, channel_hopping).
   */
  signals: ConversationSignal[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ConversationListQuery {
  page?: number;
  pageSize?: number;
  team?: string;
  channel?: Channel;
  agent?: string;
  topic?: string;
  status?: ConversationStatus;
  sentiment?: 'negative' | 'neutral' | 'positive';
  from?: string;
  to?: string;
  q?: string;
  /** A QA criterion key: only conversations where it was judged (see `outcome`). */
  criterion?: string;
  /** With `criterion`: only those where it was met or not met; without, either. */
  outcome?: ListQaOutcome;
}

/** The QA outcomes the conversation list filters on (not applicable is not counted). */
export const LIST_QA_OUTCOMES = ['met', 'not_met'] as const;
export type ListQaOutcome = (typeof LIST_QA_OUTCOMES)[number];

export interface ConversationAgent {
  id: string;
  name?: string;
  kind: 'human' | 'ai';
}

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  /** The teams this user may see; null for every team. */
  teams: string[] | null;
}

export interface HealthResponse {
  status: 'ok' | 'degraded';
  postgres: 'up' | 'down';
  redis: 'up' | 'down';
}

/** Every error the API returns has this shape. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  errors?: FieldError[];
}

/** Double-submit CSRF: the cookie the API sets and the header a browser echoes it in. */
export const CSRF_COOKIE = 'vigil_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'vigil_session';

/** How one may sign in, for the login page (`GET /api/v1/auth/providers`). */
export interface AuthProviders {
  /** Single sign-on through OpenID Connect when it is configured; `name` labels the button. */
  oidc: { name: string } | null;
}

/**
 * Why a single sign-on did not complete: the API sends the browser to `/login?error=<code>` and the
 * login page shows the message. A code rather than the text itself, so that nobody can make Vigil's
 * login page say what they like through a crafted link.
 */
export const SSO_ERRORS = {
  sso_off: 'Single sign-on is not set up for this Vigil.',
  sso_cancelled: 'Single sign-on was cancelled.',
  sso_expired: 'The sign-in took too long, or this browser blocked its cookie. Try again.',
  sso_failed: 'Single sign-on could not be completed. Try again.',
  sso_unavailable: 'The identity provider cannot be reached. Try again shortly, or sign in with a password.',
  sso_no_email: 'Your identity provider did not share your e-mail address, which Vigil needs.',
  sso_email_taken:
    'A Vigil account with your e-mail address already signs in with a password. Use it, or ask an administrator.',
  sso_no_role: 'Your identity provider gives you no Vigil role. Ask an administrator.',
  sso_deactivated: 'Your Vigil account is deactivated. Ask an administrator.',
} as const;
export type SsoError = keyof typeof SSO_ERRORS;

/** What the login page says for the code in its `?error=`: a known code's message, any other a generic one. */
export function ssoErrorMessage(code: string | null): string | null {
  if (!code) return null;
  return Object.hasOwn(SSO_ERRORS, code) ? SSO_ERRORS[code as SsoError] : SSO_ERRORS.sso_failed;
}

/** Only same-origin paths are followed after signing in (no open redirect through ?next=). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next.startsWith('/login') ? '/' : next;
}
