import type {
  AnalyzerOutput,
  Conversation,
  ConversationScores,
  EngineConfig,
  ScoreFacts,
} from '@vigil/contracts';
import { DEFAULT_ENGINE_CONFIG } from './defaults';
import { detectLanguage } from './language';
import { ANALYZERS } from './registry';
import { ConversationWords } from './text/conversation-words';

/**
 * The scoring engine: every registered analyzer over one conversation, in dependency order. Pure —
 * no I/O — so the workers, the API, the `vigil score` command and the evaluation scripts run exactly
 * the same code. The configuration (taxonomy and scorecard) is one versioned document, EngineConfig.
 */

/** The payload's language, or the one detected from the text. */
export function conversationLanguage(conversation: Conversation): string {
  return conversation.language ?? detectLanguage(conversation.messages.map((m) => m.text));
}

export function scoreConversation(
  conversation: Conversation,
  config: EngineConfig = DEFAULT_ENGINE_CONFIG,
): ConversationScores {
  const language = conversationLanguage(conversation);
  const scores: Record<string, AnalyzerOutput<unknown>> = {};
  const words = new ConversationWords(conversation);
  for (const analyzer of ANALYZERS) {
    scores[analyzer.name] = analyzer.analyze(conversation, {
      language,
      config: analyzer.configFrom(config),
      results: scores as ConversationScores,
      words,
    });
  }
  return scores as ConversationScores;
}

/** What the rollups count of a conversation's scores: each analyzer's part, over a neutral base. */
export function factsOfScores(scores: ConversationScores): ScoreFacts {
  const facts: ScoreFacts = {
    customerSentiment: null,
    qaScore: null,
    topics: [],
    signals: [],
    qaOutcomes: [],
  };
  for (const analyzer of ANALYZERS) {
    const output = scores[analyzer.name];
    if (!output) continue;
    for (const [key, value] of Object.entries(analyzer.rollupFacts(output.result as never))) {
      // Lists gather what every analyzer contributes; a single value belongs to one analyzer.
      const field = key as keyof ScoreFacts;
      if (Array.isArray(value)) (facts[field] as string[]) = [...(facts[field] as string[]), ...value];
      else (facts[field] as number | null) = value as number | null;
    }
  }
  return facts;
}
