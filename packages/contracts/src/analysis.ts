import type { ComplianceResult, PiiResult } from './compliance';
import type { FraudResult } from './fraud';
import type { QaResult } from './qa';
import type { SentimentResult } from './sentiment';
import type { TopicsResult } from './topics';

/**
 * What every analyzer returns: a result with the evidence that produced it.
 * Evidence points at characters of one message's text so the UI can highlight them.
 */

/** What a piece of evidence counts towards; a new analyzer adds its kind here. */
export const EVIDENCE_KINDS = [
  /** key: "positive" or "negative" */
  'sentiment',
  /** key: an emotion (see EMOTIONS) */
  'emotion',
  /** key: "escalation" or "churn": what the customer asks for or threatens */
  'intent',
  /** key: a topic key of the taxonomy */
  'topic',
  /** key: a QA scorecard criterion key */
  'criterion',
  /** key: a compliance policy rule */
  'policy',
  /** key: a PII type, e.g. "credit_card" */
  'pii',
  /** key: a fraud signal kind */
  'fraud',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** The score a piece of evidence belongs to, e.g. { kind: 'criterion', key: 'greeting' }. */
export interface EvidenceTarget {
  kind: EvidenceKind;
  key: string;
}

export interface Evidence {
  messageIndex: number;
  /** Offsets into that message's text, [start, end). */
  start: number;
  end: number;
  quote: string;
  /** What this evidence counts towards: the UI groups and colours evidence by it. */
  target: EvidenceTarget;
  /** The rule, lexicon entry or model that produced this piece of evidence. */
  ruleId: string;
  ruleVersion?: string;
  /** A finer label for the reader, e.g. the cue "apology" of the empathy criterion. */
  signal?: string;
}

/**
 * Each analyzer's result type, by analyzer name: the one map the names, ConversationScores and the
 * engine's registry are typed by. A new analyzer adds one line here (and its result type beside).
 */
export interface AnalyzerResults {
  sentiment: SentimentResult;
  topics: TopicsResult;
  qa: QaResult;
  pii: PiiResult;
  compliance: ComplianceResult;
  fraud: FraudResult;
}
export type AnalyzerName = keyof AnalyzerResults;

export interface AnalyzerOutput<R> {
  analyzer: AnalyzerName;
  /** Version of the analyzer's code and rules; a change means scores can be recomputed. */
  version: string;
  result: R;
  evidence: Evidence[];
  /** Inputs the analyzer would have used but the conversation lacked (e.g. "metadata.voice"). */
  missing: string[];
}

/** A conversation's scores: each analyzer's output under its name. */
export type ConversationScores = { [N in AnalyzerName]?: AnalyzerOutput<AnalyzerResults[N]> };
