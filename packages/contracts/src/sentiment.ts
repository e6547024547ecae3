import type { MessageRole } from './conversation.schema';

/** What the sentiment and emotion analyzer finds: per message, per speaker, and the customer's course. */

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
