import type { Conversation, ConversationScores } from '@vigil/core';
import { detectLanguage } from './language';
import { sentimentAnalyzer } from './sentiment/sentiment.analyzer';

/**
 * The scoring engine: every analyzer over one conversation. Pure — no I/O — so the workers, the
 * `vigil score` command and the evaluation scripts run exactly the same code.
 */
export function scoreConversation(conversation: Conversation): ConversationScores {
  const language = conversation.language ?? detectLanguage(conversation.messages.map((m) => m.text));
  return {
    sentiment: sentimentAnalyzer.analyze(conversation, { language, config: undefined }),
  };
}

/** The versions that made a result; a change means stored scores can be recomputed. */
export const ENGINE_VERSIONS = { sentiment: sentimentAnalyzer.version } as const;
