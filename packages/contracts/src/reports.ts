import type { ConversationDetail } from './api';

/** Coaching reports: what a trainer reads about one agent or one team over a period, and takes away. */

/** Whom a coaching report is about: exactly one of an agent or a team; `from` inclusive, `to` exclusive. */
export interface CoachingReportQuery {
  agent?: string;
  team?: string;
  from: string;
  to: string;
}

/** What a customer's mood did between their first and last opinionated turn. */
export interface SentimentOutcomes {
  /** Ended happier than they started (by more than SENTIMENT_OUTCOME_MARGIN). */
  improved: number;
  unchanged: number;
  worsened: number;
  /** No opinionated customer turn at the start or the end: nothing to compare. */
  unknown: number;
}

/** A change of polarity smaller than this is "unchanged": the lexicon's noise, not a mood. */
export const SENTIMENT_OUTCOME_MARGIN = 0.05;

export interface CoachingCriterion {
  key: string;
  label: string;
  met: number;
  notMet: number;
  /** met / (met + notMet), null when never applicable. */
  rate: number | null;
  /** The same rate for the comparison (the agent's team, or every team of the user). */
  comparisonRate: number | null;
}

export interface CoachingTopic {
  key: string;
  label: string;
  conversations: number;
}

/** Flags raised on the report's conversations (those a rescore withdrew left out), by rule. */
export interface CoachingFlags {
  /** Conversations with at least one flag. */
  conversations: number;
  byRule: Array<{
    ruleId: string;
    label: string;
    severity: string;
    count: number;
    /** How many of them reviewers confirmed, and dismissed, so far. */
    confirmed: number;
    dismissed: number;
  }>;
}

export const COACHING_NOTE_KINDS = ['note', 'goal'] as const;
export type CoachingNoteKind = (typeof COACHING_NOTE_KINDS)[number];

/** A trainer's note or goal for an agent, kept with who wrote it and when; shown in the next reports. */
export interface CoachingNote {
  id: string;
  agentId: string;
  kind: CoachingNoteKind;
  text: string;
  author: string;
  createdAt: string;
}

export interface NewCoachingNote {
  agent: string;
  kind: CoachingNoteKind;
  text: string;
}

/** The longest note or goal, in characters. */
export const MAX_COACHING_NOTE_LENGTH = 4000;

/** How many best and how many worst example conversations a report shows. */
export const COACHING_EXAMPLES = 2;

export interface CoachingReport {
  query: CoachingReportQuery;
  subject: { kind: 'agent' | 'team'; id: string; name: string };
  /** What the subject is compared with: the agent's team (most of their conversations), or all teams seen. */
  comparison: { kind: 'team' | 'all'; id: string | null; name: string };
  conversations: number;
  qaScore: number | null;
  comparisonQaScore: number | null;
  sentiment: number | null;
  /** Per day: the subject's QA score and the comparison's. */
  series: Array<{
    t: string;
    qaScore: number | null;
    comparisonQaScore: number | null;
    conversations: number;
  }>;
  criteria: CoachingCriterion[];
  /**
   * Criterion keys with outcomes in the period: the better half by met rate, best first, and the
   * worse half, worst first (disjoint; with an odd count the middle one is among the strongest).
   */
  strongest: string[];
  weakest: string[];
  sentimentOutcomes: SentimentOutcomes;
  topics: CoachingTopic[];
  flags: CoachingFlags;
  best: ConversationDetail[];
  worst: ConversationDetail[];
  /** The agent's notes and goals, newest first (none for a team report). */
  notes: CoachingNote[];
  generatedAt: string;
}

/** One CSV row per conversation in scope; the QA criteria follow as one column each (`qa:<key>`). */
export const COACHING_CSV_COLUMNS = [
  'conversation_id',
  'external_id',
  'source',
  'channel',
  'team',
  'agents',
  'started_at',
  'ended_at',
  'messages',
  'qa_score',
  'sentiment',
  'sentiment_start',
  'sentiment_end',
  'topics',
  /** Rule ids of the conversation's flags, space-separated. */
  'flags',
] as const;

/**
 * A coaching PDF too large to build while the request waited (more conversations in scope than
 * VIGIL_REPORT_BACKGROUND_THRESHOLD): a background run to poll. `progress` is 0–1; `fileUrl` is
 * set once the file is ready, until it expires (VIGIL_REPORT_FILE_HOURS after it was made).
 */
export interface CoachingReportRun {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  query: CoachingReportQuery;
  progress: number;
  /** Conversations in the report's scope, once the run has counted them. */
  conversations: number | null;
  fileName: string | null;
  fileUrl: string | null;
  expiresAt: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** Most recipients one scheduled report goes to. */
export const MAX_REPORT_RECIPIENTS = 20;

/** A weekly coaching report for an agent or a team, e-mailed to its recipients. */
export interface ReportSubscriptionView {
  id: string;
  subject: { kind: 'agent' | 'team'; id: string };
  recipients: string[];
  createdBy: string;
  createdAt: string;
  /** When last week's report was last sent (null: not yet). */
  lastSentAt: string | null;
}

export interface NewReportSubscriptionInput {
  agent?: string;
  team?: string;
  recipients: string[];
}
