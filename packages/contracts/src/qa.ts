import type { Channel } from './conversation.schema';

/**
 * QA scorecard: configurable criteria, each auto-scored on a conversation as met, not met or not
 * applicable, with evidence, weighted into a 0–100 score over the applicable criteria. Human and AI
 * agents are scored the same way.
 */

export const QA_CRITERION_KINDS = [
  'greeting',
  'identity_verification',
  'empathy',
  'solution_offered',
  'resolution_confirmed',
  'closing',
  'first_response_time',
  'long_silence',
] as const;
export type QaCriterionKind = (typeof QA_CRITERION_KINDS)[number];

/**
 * Parameters by kind; all optional, defaults in brackets. `phrases` and the other phrase lists
 * ADD to the built-in English cues; they are matched case-insensitively on word boundaries and may
 * contain `*` as "any one word" (e.g. "verify your *").
 */
export interface QaCriterionParams {
  /** greeting, empathy, solution_offered, resolution_confirmed, closing: extra cue phrases. */
  phrases?: string[];
  /** greeting: how many of the first agent messages may carry the greeting [1]. */
  firstMessages?: number;
  /** closing: how many of the last agent messages may carry the closing [2]. */
  lastMessages?: number;
  /** empathy: the agent must show it within this many agent messages after the customer is upset [2]. */
  withinAgentMessages?: number;
  /** empathy: extra customer phrases that count as upset (used when no customerUpsetAt is given). */
  upsetPhrases?: string[];
  /** identity_verification: extra phrases of a customer asking to change account details. */
  changePhrases?: string[];
  /** identity_verification: extra phrases of an agent asking the customer to verify identity. */
  verifyPhrases?: string[];
  /** identity_verification: extra phrases of an agent confirming the change was made. */
  confirmPhrases?: string[];
  /** identity_verification: count metadata.auth.verified === true as verification [true]. */
  trustAuthMetadata?: boolean;
  /** first_response_time: the limit in seconds [60], for channels limitsByChannel leaves out. */
  maxSeconds?: number;
  /** long_silence: the longest acceptable gap in seconds [120], for channels limitsByChannel leaves out. */
  maxGapSeconds?: number;
  /**
   * first_response_time, long_silence: the limit in seconds per channel, overriding maxSeconds /
   * maxGapSeconds; null: not applicable on that channel. Replies are expected within a minute in a
   * chat but within a day by e-mail, so one limit for every channel fails e-mail by design.
   */
  limitsByChannel?: LimitsByChannel;
  /**
   * long_silence: which gaps count. 'agent' [default]: gaps the customer waits through (ending in an
   * agent or bot message); 'all': any two consecutive timestamped messages.
   */
  scope?: 'agent' | 'all';
}

/** Seconds per channel; null: the criterion does not apply on that channel. */
export type LimitsByChannel = Partial<Record<Channel, number | null>>;

/** Criterion kinds limited in seconds, and the parameter holding the limit for other channels. */
export const TIMING_LIMIT_PARAMS = {
  first_response_time: 'maxSeconds',
  long_silence: 'maxGapSeconds',
} as const satisfies Partial<Record<QaCriterionKind, keyof QaCriterionParams>>;
export type TimingCriterionKind = keyof typeof TIMING_LIMIT_PARAMS;

/** The longest limit a timing criterion accepts: a week (e-mail SLAs of 48 h exist). */
export const MAX_LIMIT_SECONDS = 7 * 86_400;

/**
 * The shipped per-channel limits (also in default-scorecard.json), offered for a timing criterion
 * added in the settings. A voice transcript starts when the call is answered, so the caller's wait
 * in the queue is not in it: the first reply is not measured on voice.
 */
export const DEFAULT_LIMITS_BY_CHANNEL: Record<TimingCriterionKind, Required<LimitsByChannel>> = {
  first_response_time: {
    chat: 60,
    messaging: 60,
    voice: null,
    sms: 900,
    social: 3_600,
    email: 86_400,
  },
  long_silence: {
    chat: 120,
    messaging: 120,
    voice: 120,
    sms: 900,
    social: 3_600,
    email: 86_400,
  },
};

export interface QaCriterion {
  key: string;
  label: string;
  /** Relative weight in the score; 0 records the outcome without scoring it. */
  weight: number;
  kind: QaCriterionKind;
  params?: QaCriterionParams;
}

export interface QaScorecard {
  /** Changing the scorecard must change its version: it is stored with every QA result. */
  version: string;
  criteria: QaCriterion[];
}

/** What the QA analyzer reads from AnalyzerContext.config. */
export interface QaConfig {
  scorecard: QaScorecard;
  /**
   * Indices of customer messages where the customer is upset, if the caller knows them (e.g. from
   * the sentiment analyzer: negative polarity or frustration/anger). Without it the empathy criterion
   * uses its own small cue list of upset wording.
   */
  customerUpsetAt?: number[];
}

export type QaOutcome = 'met' | 'not_met' | 'not_applicable';

export interface QaCriterionResult {
  key: string;
  label: string;
  kind: QaCriterionKind;
  weight: number;
  outcome: QaOutcome;
  /** One sentence saying why, for the trainer reading the scorecard. */
  reason: string;
  /** The agent accountable for this outcome, when one can be named (by message authorId). */
  agentId?: string;
  /** For timing criteria: the measured seconds (response time, longest gap). */
  seconds?: number;
}

export interface QaAgent {
  id: string;
  kind: 'human' | 'ai';
  /** Messages by this agent in the conversation. */
  messages: number;
}

export interface QaResult {
  scorecardVersion: string;
  /** 0–100 over the applicable criteria with weight > 0; null when none applies. */
  score: number | null;
  criteria: QaCriterionResult[];
  /** Agents (human and AI) who wrote in the conversation, plus listed agents. */
  agentIds: string[];
  agents: QaAgent[];
}
