import type { Emotion } from '@vigil/contracts';
import type { EmotionModel } from './emotion-model';

/**
 * Everything the scorer knows about one language. Adding a language means writing one of these
 * (see README.md in this folder) and registering it in `languages.ts`; the scorer itself has no
 * language-specific code.
 */
export interface LanguagePack {
  code: string;
  /** Word → valence on VADER's scale (-4..+4). Keys are lower-case. */
  lexicon: ReadonlyMap<string, number>;
  /** Multi-word entries ("fed up", "let down") → valence; keys are lower-case words joined by one space. */
  phrases: ReadonlyMap<string, number>;
  /** Words that negate the next few words ("not", "never", "nav"). */
  negators: ReadonlySet<string>;
  /** Negators that reach only the next word ("no help", but "no idea lol" keeps "lol" positive). */
  narrowNegators?: ReadonlySet<string>;
  /**
   * Interjections that negation does not reach: laughter and the like comment on the whole message
   * ("I'm NOT the latter lol" is still laughing), so "lol" keeps its valence after "not".
   */
  interjections?: ReadonlySet<string>;
  /** Word endings that negate ("n't" in English). */
  negatorSuffixes: readonly string[];
  /** Intensifiers (> 0) and diminishers (< 0), added to the magnitude of the next sentiment word. */
  boosters: ReadonlyMap<string, number>;
  /** "but", "however": the clause after weighs more, the clause before less. */
  contrast: ReadonlySet<string>;
  /** "although", "though": the clause they open weighs less. */
  concessive: ReadonlySet<string>;
  /**
   * For inflected languages: candidate lookup keys for a word that is not in the lexicon as written,
   * most specific first (e.g. Latvian endings stripped). Optional.
   */
  stems?: (word: string) => readonly string[];
  /** A prefix that negates the word it starts ("ne" in Latvian: "nepatīk", "neapmierināts"). */
  negationPrefix?: string;
  /** Phrase rules for escalation, churn and emotion cues. */
  cues: readonly CueRule[];
  /** Single words that signal an emotion directly (strength 0..1), used on top of any model. */
  emotionWords: ReadonlyMap<string, Partial<Record<Emotion, number>>>;
  /**
   * Sarcasm: a marker right before a stock positive word ("oh great", "just perfect") in a message
   * that is otherwise negative turns that word negative.
   */
  sarcasmMarkers: ReadonlySet<string>;
  sarcasmTargets: ReadonlySet<string>;
  /** A trained emotion model for this language, if there is one (English). */
  emotionModel?: EmotionModel | null;
}

export type CueSignal = 'escalation' | 'churn' | Emotion;

/**
 * A cue: a word from `first`, optionally followed within `within` words by a word from `then`.
 * A negator just before `first` ("I don't want to cancel") cancels the cue unless `allowNegated`.
 * `requireNegated` inverts that: the cue only counts when negated ("don't understand").
 */
export interface CueRule {
  id: string;
  signal: CueSignal;
  first: ReadonlySet<string>;
  then?: ReadonlySet<string>;
  within?: number;
  /** Strength for emotion cues (0..1); escalation and churn are booleans. */
  weight?: number;
  requireNegated?: boolean;
  allowNegated?: boolean;
}

export function words(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

/** Parses "word<TAB>value" lines into a lexicon map. */
export function parseTsv(tsv: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of tsv.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) map.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  return map;
}
