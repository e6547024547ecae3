import type {
  AnalyzerName,
  AnalyzerOutput,
  AnalyzerResults,
  Conversation,
  ConversationScores,
  EngineConfig,
  ScoreFacts,
} from '@vigil/contracts';
import type { ConversationWords } from './text/conversation-words';

/**
 * The analyzer interface: every analyzer is a pure function of a conversation, its part of the
 * engine configuration and the results of the analyzers it depends on. It declares what the engine
 * needs to run it (name, version, dependencies, configuration) and what the rollups count of its
 * result, so adding one is a folder of its own plus one line in the registry (registry.ts).
 */
export interface Analyzer<N extends AnalyzerName = AnalyzerName, C = unknown> {
  readonly name: N;
  /** Version of the code and rules; stored with every result so scores can be recomputed. */
  readonly version: string;
  /** Analyzers whose results this one reads (context.results); they run first. */
  readonly dependsOn: readonly AnalyzerName[];
  /** Its part of the engine's configuration document. */
  configFrom(config: EngineConfig): C;
  analyze(conversation: Conversation, context: AnalyzerContext<C>): AnalyzerOutput<AnalyzerResults[N]>;
  /** What the rollups count of its result. */
  rollupFacts(result: AnalyzerResults[N]): Partial<ScoreFacts>;
}

export interface AnalyzerContext<C = unknown> {
  config: C;
  /** Language to analyze in: the payload's, or detected. */
  language: string;
  /** The results of the analyzers named in dependsOn (absent when the analyzer is called alone). */
  results?: ConversationScores;
  /**
   * The conversation's words and times shared by the analyzers of one scoring pass, made once (absent
   * when the analyzer is called alone: it then makes its own, see wordsOf).
   */
  words?: ConversationWords;
}
