import type {
  Conversation,
  ConversationScores,
  QaScorecard,
  SentimentResult,
  TopicsConfig,
} from '@vigil/core';
import { detectLanguage } from './language';
import { DEFAULT_SCORECARD, qaAnalyzer } from './qa';
import { sentimentAnalyzer } from './sentiment/sentiment.analyzer';
import { DEFAULT_TAXONOMY, topicsAnalyzer } from './topics';

/**
 * The scoring engine: every analyzer over one conversation. Pure — no I/O — so the workers, the
 * `vigil score` command and the evaluation scripts run exactly the same code.
 */

/** The configuration document `vigil score --config FILE` reads; both parts default to the shipped ones. */
export interface EngineConfig {
  topics?: TopicsConfig;
  scorecard?: QaScorecard;
}

export const DEFAULT_ENGINE_CONFIG: Required<EngineConfig> = {
  topics: { taxonomy: DEFAULT_TAXONOMY },
  scorecard: DEFAULT_SCORECARD,
};

/** Customer turns the QA "empathy when upset" criterion should answer: clearly negative or angry ones. */
function customerUpsetAt(sentiment: SentimentResult): number[] {
  return sentiment.messages
    .filter(
      (m) =>
        m.role === 'customer' &&
        (m.polarity <= -0.3 || (m.emotions.anger ?? 0) >= 0.5 || (m.emotions.frustration ?? 0) >= 0.5),
    )
    .map((m) => m.index);
}

/** The payload's language, or the one detected from the text. */
export function conversationLanguage(conversation: Conversation): string {
  return conversation.language ?? detectLanguage(conversation.messages.map((m) => m.text));
}

export function scoreConversation(
  conversation: Conversation,
  config: EngineConfig = DEFAULT_ENGINE_CONFIG,
): ConversationScores {
  const language = conversationLanguage(conversation);
  const sentiment = sentimentAnalyzer.analyze(conversation, { language, config: undefined });
  const topics = topicsAnalyzer.analyze(conversation, {
    language,
    config: config.topics ?? DEFAULT_ENGINE_CONFIG.topics,
  });
  const qa = qaAnalyzer.analyze(conversation, {
    language,
    config: {
      scorecard: config.scorecard ?? DEFAULT_SCORECARD,
      customerUpsetAt: customerUpsetAt(sentiment.result),
    },
  });
  return { sentiment, topics, qa };
}
