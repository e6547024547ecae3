import { z } from 'zod';

/**
 * Retention: how long each class of data is kept, what the nightly retention run did, and erasure of
 * one customer's data on request. Periods are whole days counted from a conversation's `endedAt`
 * (from an audit entry's time for the audit log); `null` keeps the class forever.
 */

export const RETENTION_CLASSES = ['text', 'scores', 'flags', 'audit'] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

/** Days each class is kept; null: forever. */
export type RetentionPolicy = Record<RetentionClass, number | null>;

/**
 * The shipped periods: text a year, scores and flags two (long enough to compare a year with the
 * one before), the audit log about seven years (what financial regulators commonly ask for).
 */
export const DEFAULT_RETENTION: RetentionPolicy = { text: 365, scores: 730, flags: 730, audit: 2555 };

/**
 * The shortest period of each class. The audit log is kept at least a year, so that nobody can
 * shorten it to wipe the record of what they just did (the change itself is on that record).
 */
export const RETENTION_MIN_DAYS: RetentionPolicy & Record<RetentionClass, number> = {
  text: 1,
  scores: 1,
  flags: 1,
  audit: 365,
};
/** A hundred years: anything longer is "keep forever". */
export const RETENTION_MAX_DAYS = 36_500;

const period = (cls: RetentionClass) =>
  z
    .number({ error: 'must be a whole number of days, or null to keep forever' })
    .int('must be a whole number of days')
    .min(RETENTION_MIN_DAYS[cls], `must be at least ${RETENTION_MIN_DAYS[cls]} days`)
    .max(RETENTION_MAX_DAYS, `must be at most ${RETENTION_MAX_DAYS} days (or null to keep forever)`)
    .nullable();

/** The body of `PUT /api/v1/settings/retention`: every class, each days or null. */
export const retentionPolicySchema = z.strictObject({
  text: period('text'),
  scores: period('scores'),
  flags: period('flags'),
  audit: period('audit'),
});

/** What expiring means for each class, as the settings page and the README say it. */
export const RETENTION_CLASS_INFO: Record<RetentionClass, { label: string; expiring: string }> = {
  text: {
    label: 'Conversation text',
    expiring:
      'Message texts and the customer’s details are emptied; the conversation stays, marked expired, so lists and charts still count it.',
  },
  scores: {
    label: 'Scores and evidence',
    expiring:
      'The analyzers’ results and their evidence are deleted; the charts’ counts and the conversation’s summary figures stay.',
  },
  flags: {
    label: 'Flags',
    expiring: 'Flags of the review queue, with their comments and history, are deleted.',
  },
  audit: {
    label: 'Audit log',
    expiring: 'Audit entries older than this are deleted (the only deletion the audit log allows).',
  },
};

/** Rows a retention run expired, per class. */
export type RetentionCounts = Record<RetentionClass, number>;

/** One retention run (nightly, or started by an admin). */
export interface RetentionRun {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** Null for the scheduled run. */
  requestedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The periods applied (days, null for forever), as they were when the run began. */
  policy: RetentionPolicy | null;
  /** Conversations whose text was emptied, analyses, flags and audit entries deleted. */
  removed: RetentionCounts;
  error: string | null;
}

/** `GET /api/v1/settings/retention`. */
export interface RetentionSettings {
  policy: RetentionPolicy;
  /** When and by whom the periods were last changed; null while they are the shipped defaults. */
  updatedAt: string | null;
  updatedBy: string | null;
  /** The newest finished run, and a newer one under way or failed. */
  lastRun: RetentionRun | null;
  current: RetentionRun | null;
}

/** The body of `POST /api/v1/erasures`. */
export const erasureRequestSchema = z.strictObject({
  customerId: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
});
export type ErasureRequest = z.infer<typeof erasureRequestSchema>;

/** The query of `GET /api/v1/erasures`: with `customerId`, only the erasures of that customer. */
export const erasureListQuerySchema = z.strictObject({
  customerId: z.string().trim().min(1).max(200).optional(),
});

/**
 * One erasure of a customer's data. The customer is named only by `subject`, a keyed hash of their
 * id (HMAC-SHA-256 with a key kept in the database), so the record proves the erasure without
 * keeping the id: asking for the same id again finds it.
 */
export interface Erasure {
  id: string;
  subject: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  requestedBy: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** Conversations found, and how many are erased so far. */
  total: number;
  done: number;
  /**
   * Rows deleted per table (`conversation`, `conversation_analysis`, and every table that refers to
   * conversations), queue jobs removed from Redis, and topic-discovery examples quoting the customer.
   */
  removed: Record<string, number>;
  error: string | null;
}
