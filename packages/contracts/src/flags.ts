import type { Evidence } from './analysis';
import type { Channel } from './conversation.schema';
import type { PolicyRuleKind, Severity } from './compliance';

/**
 * Flags and the review queue. A flag is raised from a violation (`scores.compliance.result.violations`;
 * fraud signals later) and is keyed by conversation, source and rule: rescoring updates the one flag
 * (evidence, rule version, severity), never adds a second.
 */

/** Where a flag comes from: a policy violation now, a fraud signal later. */
export const FLAG_SOURCES = ['policy', 'fraud'] as const;
export type FlagSource = (typeof FLAG_SOURCES)[number];

/**
 * A flag's review status. `open` and `in_review` wait for a decision; `confirmed`, `dismissed` (always
 * with a reason) and `escalated` are decisions. An escalated flag can still be confirmed or dismissed
 * by whoever it was escalated to; confirmed and dismissed are final.
 */
export const FLAG_STATUSES = ['open', 'in_review', 'confirmed', 'dismissed', 'escalated'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** The statuses that still wait for a decision: what "open flags" counts. */
export const AWAITING_DECISION: readonly FlagStatus[] = ['open', 'in_review'];

/** The decisions, as the rollups count them. */
export const FLAG_OUTCOMES = ['confirmed', 'dismissed', 'escalated'] as const;
export type FlagOutcome = (typeof FLAG_OUTCOMES)[number];

/** Which status a flag may move to from which (a decision to anything else is a 409). */
export const FLAG_TRANSITIONS: Record<FlagStatus, readonly FlagStatus[]> = {
  open: ['in_review', 'confirmed', 'dismissed', 'escalated'],
  in_review: ['open', 'confirmed', 'dismissed', 'escalated'],
  escalated: ['confirmed', 'dismissed'],
  confirmed: [],
  dismissed: [],
};

export function mayMove(from: FlagStatus, to: FlagStatus): boolean {
  return FLAG_TRANSITIONS[from].includes(to);
}

/** Sorting by severity, highest first. */
export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/** The reason a dismissal needs, and the longest reason or comment kept. */
export const FLAG_TEXT_MAX = 4000;

/** What happened to a flag, in its history. */
export const FLAG_EVENT_KINDS = [
  /** Raised by scoring. */
  'raised',
  /** Rescoring changed the rule version, severity or evidence. */
  'updated',
  /** Rescoring no longer raises it: an open one is closed, a decided one kept (see `details.kept`). */
  'cleared',
  /** Rescoring raises it again after it was cleared. */
  'reraised',
  'assigned',
  /** A status change by a reviewer: `details.from`, `details.to`, `details.reason`. */
  'status',
  'commented',
] as const;
export type FlagEventKind = (typeof FLAG_EVENT_KINDS)[number];

export interface FlagEvent {
  id: string;
  at: string;
  kind: FlagEventKind;
  /** A user's e-mail, or "system" for scoring. */
  actor: string;
  actorId: string | null;
  details: Record<string, unknown>;
}

export interface FlagComment {
  id: string;
  at: string;
  author: string;
  authorId: string | null;
  text: string;
}

export interface FlagAssignee {
  id: string;
  name: string;
  email: string;
}

export interface FlagSummary {
  id: string;
  conversationId: string;
  /** The conversation's external id, to recognise it. */
  externalId: string;
  source: FlagSource;
  ruleId: string;
  ruleVersion: string;
  kind: PolicyRuleKind | string;
  severity: Severity;
  label: string;
  reason: string;
  status: FlagStatus;
  /** The reason given with the decision (required for a dismissal). */
  decisionReason: string | null;
  assignee: FlagAssignee | null;
  team: string | null;
  channel: Channel;
  /** When the conversation ended. */
  conversationEndedAt: string;
  raisedAt: string;
  updatedAt: string;
  decidedAt: string | null;
  /** When the latest scoring stopped raising it (null while it still does). */
  clearedAt: string | null;
  /** raisedAt + the SLA (VIGIL_FLAG_SLA_HOURS); overdue when still awaiting a decision after it. */
  dueAt: string;
  overdue: boolean;
  /** Goes up with every change: a decision may name the version it was made on (stale: 409). */
  version: number;
}

export interface FlagDetail extends FlagSummary {
  evidence: Evidence[];
  comments: FlagComment[];
  history: FlagEvent[];
}

/** A page of the queue; `next` is the `after` of the following page, null on the last. */
export interface FlagPage {
  items: FlagSummary[];
  total: number;
  next: string | null;
  slaHours: number;
}

export interface FlagListQuery {
  /** One status or several, comma-separated. */
  status?: string;
  severity?: string;
  rule?: string;
  team?: string;
  channel?: Channel;
  /** A user id, "me", or "none" for unassigned. */
  assignee?: string;
  /** Raised in [from, to). */
  from?: string;
  to?: string;
  /** Raised at least this many hours ago. */
  minAgeHours?: number;
  /** Only those awaiting a decision past the SLA. */
  overdue?: boolean;
  source?: FlagSource;
  limit?: number;
  after?: string;
}

/** The decisions a reviewer makes (`POST /flags/:id/decision`). */
export const FLAG_DECISIONS = ['in_review', 'open', 'confirmed', 'dismissed', 'escalated'] as const;
export type FlagDecision = (typeof FLAG_DECISIONS)[number];

export interface FlagDecisionInput {
  status: FlagDecision;
  /** Required to dismiss; optional otherwise. */
  reason?: string;
  /** The flag's version the decision was made on; another version now is a 409. */
  version?: number;
  /** The status the reviewer saw; another status now is a 409. */
  expectedStatus?: FlagStatus;
}

export interface FlagAssignInput {
  /** A user id with `flags.work`, "me", or null to unassign. */
  assignee: string | null;
  version?: number;
}

export const FLAG_BULK_MAX = 200;

export interface FlagBulkInput {
  ids: string[];
  action: 'assign' | 'decide';
  assignee?: string | null;
  status?: FlagDecision;
  reason?: string;
}

export interface FlagBulkResult {
  results: Array<{ id: string; ok: boolean; status?: FlagStatus; error?: string; statusCode?: number }>;
}

/** What a 409 for a stale action carries besides the message. */
export interface FlagConflict {
  statusCode: 409;
  message: string;
  current: { status: FlagStatus; version: number };
}

/** The compliance overview (`GET /flags/overview`), from the flag rollups. */
export interface FlagOverview {
  from: string;
  to: string;
  granularity: 'hour' | 'day';
  /** Per bucket: open flags at the bucket's end by severity, raised and decided in it. */
  series: Array<{
    t: string;
    open: Record<Severity, number>;
    raised: number;
    decided: number;
    /** Mean time to decision of the flags decided in the bucket, in hours; null when none. */
    meanDecisionHours: number | null;
  }>;
  /** Per rule, largest first: open now (at `to`), and what reviewers decided in the period. */
  rules: Array<{
    ruleId: string;
    label: string;
    open: number;
    /** Open at each bucket's end, in the order of `series`. */
    openSeries: number[];
    raised: number;
    confirmed: number;
    dismissed: number;
    escalated: number;
    /** confirmed / (confirmed + dismissed); null without either. */
    confirmationRate: number | null;
    meanDecisionHours: number | null;
  }>;
  totals: {
    open: number;
    openBySeverity: Record<Severity, number>;
    raised: number;
    confirmed: number;
    dismissed: number;
    escalated: number;
    meanDecisionHours: number | null;
    confirmationRate: number | null;
  };
}

/** A flag just raised, as pushed on the socket (`flags:raised`) and published by the workers. */
export interface RaisedFlag {
  id: string;
  conversationId: string;
  /** Absent in events of older workers: a policy flag. */
  source?: FlagSource;
  ruleId: string;
  label: string;
  severity: Severity;
  team: string | null;
  channel: string;
  raisedAt: string;
}

export interface FlagsRaisedEvent {
  flags: RaisedFlag[];
}
