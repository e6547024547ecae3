import type { Conversation, ConversationScores, EngineConfig, SentimentResult } from '@vigil/contracts';
import { DEFAULT_ENGINE_CONFIG } from './defaults';
import { detectLanguage } from './language';
import { qaAnalyzer } from './qa';
import { sentimentAnalyzer } from './sentiment/sentiment.analyzer';
import { topicsAnalyzer } from './topics';

/**
 * The scoring engine: every analyzer over one conversation. Pure — no I/O — so the workers, the
 * `vigil score` command and the evaluation scripts run exactly the same code. The configuration
 * (taxonomy and scorecard) is one versioned document, EngineConfig.
 */

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
  const topics = topicsAnalyzer.analyze(conversation, { language, config: config.topics });
  const qa = qaAnalyzer.analyze(conversation, {
    language,
    config: { scorecard: config.scorecard, customerUpsetAt: customerUpsetAt(sentiment.result) },
  });
  return { sentiment, topics, qa };
}
