import type { Conversation } from '@vigil/contracts';
import { type PhraseToken, phraseTokens, type StemLanguage } from '../compliance/phrase-text';

/**
 * What more than one analyzer reads of the same messages, made on first use and kept for one scoring
 * pass: each message's words for phrase matching (the compliance and fraud analyzers, per stemming
 * language) and each message's time. The engine makes one per conversation and hands it to every
 * analyzer (AnalyzerContext.words); an analyzer called alone makes its own (wordsOf). Nothing is made
 * for a message no analyzer asks about.
 */
export class ConversationWords {
  private readonly phrases: (PhraseToken[] | undefined)[];
  private phraseLanguage: StemLanguage | undefined;
  private times: (number | null)[] | undefined;

  constructor(readonly conversation: Conversation) {
    this.phrases = new Array(conversation.messages.length);
  }

  /** Message i's words for phrase matching, stemmed for `language`. */
  phraseTokens(i: number, language: StemLanguage): PhraseToken[] {
    if (language !== this.phraseLanguage) {
      // Analyzers of one pass share the conversation's language; another language starts afresh.
      this.phrases.fill(undefined);
      this.phraseLanguage = language;
    }
    let tokens = this.phrases[i];
    if (tokens === undefined)
      this.phrases[i] = tokens = phraseTokens(this.conversation.messages[i]!.text, language);
    return tokens;
  }

  /** Message i's time (epoch ms), or null when it has none or it does not parse. */
  timeOf(i: number): number | null {
    if (this.times === undefined) {
      this.times = this.conversation.messages.map((m) => {
        if (!m.at) return null;
        const t = Date.parse(m.at);
        return Number.isFinite(t) ? t : null;
      });
    }
    return this.times[i] ?? null;
  }
}

/** The pass's shared words when the engine gave them, else words for this call alone. */
export function wordsOf(conversation: Conversation, given: ConversationWords | undefined): ConversationWords {
  return given !== undefined && given.conversation === conversation
    ? given
    : new ConversationWords(conversation);
}
