import type { Conversation, MessageRole } from './conversation.schema';
import type { TopicsResult } from './topics';
import type { QaResult } from './qa';

/**
 * What every analyzer returns: a result with the evidence that produced it.
 * Evidence points at characters of one message's text so the UI can highlight them.
 */
export interface Evidence {
  messageIndex: number;
  /** Offsets into that message's text, [start, end). */
  start: number;
  end: number;
  quote: string;
  /** The rule, lexicon entry or model that produced this piece of evidence. */
  ruleId: string;
  ruleVersion?: string;
  /** What the evidence counts towards, e.g. "negative", "anger", "escalation". */
  signal?: string;
}

export interface AnalyzerOutput<R> {
  analyzer: AnalyzerName;
  /** Version of the analyzer's code and rules; a change means scores can be recomputed. */
  version: string;
  result: R;
  evidence: Evidence[];
  /** Inputs the analyzer would have used but the conversation lacked (e.g. "metadata.voice"). */
  missing: string[];
}

export const ANALYZER_NAMES = ['sentiment', 'topics', 'qa'] as const;
export type AnalyzerName = (typeof ANALYZER_NAMES)[number];

/** Analyzers are pure: the conversation in, a result out. Configuration arrives through the context. */
export interface Analyzer<R, C = unknown> {
  readonly name: AnalyzerName;
  readonly version: string;
  analyze(conversation: Conversation, context: AnalyzerContext<C>): AnalyzerOutput<R>;
}

export interface AnalyzerContext<C = unknown> {
  config: C;
  /** Language to analyze in: the payload's, or detected. */
  language: string;
}

// ---- sentiment ----------------------------------------------------------------------------------

export const EMOTIONS = [
  'frustration',
  'anger',
  'urgency',
  'confusion',
  'gratitude',
  'disappointment',
] as const;
export type Emotion = (typeof EMOTIONS)[number];

export interface MessageSentiment {
  index: number;
  role: MessageRole;
  /** In [-1, 1]; 0 is neutral (also for messages with no opinion words). */
  polarity: number;
  /** Strength in [0, 1] of each emotion found in the message; absent emotions are left out. */
  emotions: Partial<Record<Emotion, number>>;
}

export interface SpeakerSentiment {
  /** Mean polarity over this speaker's messages that carry any sentiment, or 0. */
  polarity: number;
  messages: number;
}

export interface CustomerTrajectory {
  /** Polarity at the start and end of the conversation (first and last opinionated customer turns). */
  start: number | null;
  end: number | null;
  /** Message index where the customer's mood turned most sharply, if it did. */
  turningPoint: number | null;
  /** The customer's overall polarity: the number dashboards average. */
  overall: number | null;
}

export interface SentimentResult {
  messages: MessageSentiment[];
  speakers: Partial<Record<MessageRole, SpeakerSentiment>>;
  customer: CustomerTrajectory;
  /** Conversation-level emotions of the customer, each in [0, 1]. */
  emotions: Partial<Record<Emotion, number>>;
  escalationRequested: boolean;
  churnIntent: boolean;
}

/** A customer overall polarity below this counts the conversation as negative. */
export const NEGATIVE_SENTIMENT_THRESHOLD = -0.05;

export function isNegative(polarity: number | null | undefined): boolean {
  return polarity != null && polarity < NEGATIVE_SENTIMENT_THRESHOLD;
}

export interface ConversationScores {
  sentiment?: AnalyzerOutput<SentimentResult>;
  topics?: AnalyzerOutput<TopicsResult>;
  qa?: AnalyzerOutput<QaResult>;
}
