import type { CompiledPhrase, PhraseToken } from './phrase-text';

/**
 * Finds policy phrases in a message's words. A phrase matches when all its (non-filler) stems occur
 * in one sentence, in any order, with at most `slack` other words among them (fillers are free):
 * "I'll definitely get you a refund" matches "definitely refund" with slack 2, "the call is being
 * recorded" matches "this call is recorded". Lookups go through the phrase's anchor stem, so a word
 * no phrase uses costs one Map lookup.
 */

export interface PhraseMatch {
  /** Token positions of the window, inclusive. */
  first: number;
  last: number;
  /** A negator stood just before or inside the window ("I can't guarantee", "never share your PIN"). */
  negated: boolean;
}

/** Words before a match in which a negator cancels it (within its clause: commas end one). */
const NEGATION_REACH = 6;
/** How far (in words) from the anchor the matcher looks for a phrase's other stems. */
const MAX_REACH = 12;

function stemAt(t: PhraseToken, s: string): 0 | 1 | 2 {
  if (t.stem === s) return 1;
  if (t.unprefixed === s) return 2; // "ne" + the word: a negated form
  return 0;
}

/** The match of `phrase` anchored at token `a` (whose stem is the phrase's anchor), or null. */
export function matchAt(
  tokens: readonly PhraseToken[],
  a: number,
  phrase: CompiledPhrase,
  slack: number,
): PhraseMatch | null {
  const sentence = tokens[a]!.sentence;
  let first = a;
  let last = a;
  let negatedByPrefix = stemAt(tokens[a]!, phrase.anchor) === 2;
  for (const s of phrase.stems) {
    if (s === phrase.anchor) continue;
    // nearest occurrence on either side, same sentence
    let found = -1;
    for (let d = 1; d <= MAX_REACH && found < 0; d++) {
      const before = a - d;
      const after = a + d;
      if (before >= 0 && tokens[before]!.sentence === sentence) {
        const hit = stemAt(tokens[before]!, s);
        if (hit) {
          found = before;
          if (hit === 2) negatedByPrefix = true;
          break;
        }
      }
      if (after < tokens.length && tokens[after]!.sentence === sentence) {
        const hit = stemAt(tokens[after]!, s);
        if (hit) {
          found = after;
          if (hit === 2) negatedByPrefix = true;
        }
      }
    }
    if (found < 0) return null;
    if (found < first) first = found;
    if (found > last) last = found;
  }
  let words = 0;
  for (let i = first; i <= last; i++) if (!tokens[i]!.filler) words++;
  if (words > phrase.stems.length + slack) return null;
  return { first, last, negated: negatedByPrefix || negatedNear(tokens, first, last) };
}

/** A negator inside the window or in the few words before it, in the same clause. */
export function negatedNear(tokens: readonly PhraseToken[], first: number, last: number): boolean {
  const clause = tokens[first]!.clause;
  for (let i = Math.max(0, first - NEGATION_REACH); i <= last; i++) {
    const t = tokens[i]!;
    if (t.negator && (t.clause === clause || i >= first)) return true;
  }
  return false;
}

/** Phrases indexed by anchor stem, so each word is looked up once for all of them. */
export class PhraseIndex<T> {
  private readonly byAnchor = new Map<string, Array<{ phrase: CompiledPhrase; value: T }>>();

  add(phrase: CompiledPhrase, value: T): void {
    let list = this.byAnchor.get(phrase.anchor);
    if (!list) this.byAnchor.set(phrase.anchor, (list = []));
    list.push({ phrase, value });
  }

  get size(): number {
    return this.byAnchor.size;
  }

  /**
   * Every match in the tokens, in text order: `visit` gets the phrase's value and the match (negated
   * ones too, unless the phrase itself is negative; the caller decides what negation means).
   */
  scan(
    tokens: readonly PhraseToken[],
    slack: number,
    visit: (value: T, match: PhraseMatch, phrase: CompiledPhrase) => void,
  ): void {
    if (this.byAnchor.size === 0) return;
    for (let a = 0; a < tokens.length; a++) {
      const t = tokens[a]!;
      const direct = this.byAnchor.get(t.stem);
      const prefixed = t.unprefixed !== undefined ? this.byAnchor.get(t.unprefixed) : undefined;
      if (!direct && !prefixed) continue;
      for (const list of [direct, prefixed]) {
        if (!list) continue;
        for (const { phrase, value } of list) {
          const m = matchAt(tokens, a, phrase, slack);
          if (!m) continue;
          if (phrase.negated) m.negated = false;
          visit(value, m, phrase);
        }
      }
    }
  }
}
