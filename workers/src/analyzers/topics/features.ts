import type { Token } from '../text/tokenize';

/**
 * Features of a piece of text for the topic model: word stems, adjacent-stem bigrams and character
 * 4-grams of each longer word (these make "recieved" and "received" share most of their features,
 * which matters because customers type fast). Each feature is reported with the token range that
 * produced it, so that the words behind a decision can be shown as evidence.
 */
export interface FeatureOptions {
  bigrams: boolean;
  /** Character n-gram lengths, e.g. [4]; empty for none. */
  charGrams: readonly number[];
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { bigrams: true, charGrams: [4] };

/** A token that may belong to one of several messages joined into one segment. */
export type SegmentToken = Token & { message?: number };

export type FeatureVisitor = (key: string, first: number, last: number) => void;

/** Calls visit for every feature occurrence, in token order. No bigram spans two messages. */
export function forEachFeature(
  tokens: readonly SegmentToken[],
  opts: FeatureOptions,
  visit: FeatureVisitor,
): void {
  const grams = opts.charGrams;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    visit('w' + t.stem, i, i);
    const next = tokens[i + 1];
    if (opts.bigrams && next !== undefined && next.message === t.message)
      visit('b' + t.stem + ' ' + next.stem, i, i + 1);
    if (grams.length && t.stem !== '#num' && t.norm.length >= 4) {
      const w = '<' + t.norm + '>';
      for (const n of grams) for (let s = 0; s + n <= w.length; s++) visit('c' + w.slice(s, s + n), i, i);
    }
  }
}

export function featureKeys(tokens: readonly SegmentToken[], opts: FeatureOptions): string[] {
  const out: string[] = [];
  forEachFeature(tokens, opts, (key) => out.push(key));
  return out;
}
