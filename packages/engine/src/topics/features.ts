import type { Token } from '../text/tokenize';

/**
 * Features of a piece of text for the topic model:
 * - word stems ("w"), except bare numbers: "12:00" or "3" alone says nothing about a topic;
 * - adjacent-stem bigrams ("b");
 * - character 4-grams of each longer word ("c"): they make "recieved" and "received" share most of
 *   their features, which matters because customers type fast;
 * - pairs of content words of one message, in any order and at any distance ("p"): "top up" with
 *   "failed" versus "top up" with "pending", "card" with "arrive" versus "card" with "how long". On
 *   intent data these conjunctions separate neighbouring topics better than any single word.
 * Each feature is reported with the token range that produced it, so that the words behind a
 * decision can be shown as evidence (for a pair: its two words, not the words between them).
 */
export interface FeatureOptions {
  bigrams: boolean;
  /** Character n-gram lengths, e.g. [4]; empty for none. */
  charGrams: readonly number[];
  /** Pairs among the first this many distinct content words of each message; 0 for none. */
  pairs: number;
  /**
   * Weight of character n-grams relative to words. A word of n letters gives n - 1 of them, so at
   * full weight they outweigh the words themselves; they are there for spelling, not meaning.
   */
  charWeight: number;
  /** Weight of content-word pairs relative to words. */
  pairWeight: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  bigrams: true,
  charGrams: [4],
  pairs: 12,
  charWeight: 0.5,
  pairWeight: 1.2,
};

/** Function words that still carry intent and so take part in pairs ("not" + "arrive"). */
const PAIR_FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'why',
  'how',
  'when',
  'where',
  'what',
  'which',
  'who',
  'can',
]);

/** A token that may belong to one of several messages joined into one segment. */
export type SegmentToken = Token & { message?: number };

/**
 * first..last is the token range of the feature; for a pair, first and last are its two words. A
 * visitor that knows a vocabulary may return false for a word ("w") it does not know: pairs with that
 * word cannot be known either, so they are not built, only counted (see forEachFeature).
 */
export type FeatureVisitor = (key: string, first: number, last: number) => boolean | void;

/** Weight of a feature by its kind (the first character of its key). */
export function featureWeight(key: string, opts: FeatureOptions): number {
  const kind = key.charCodeAt(0);
  if (kind === 99 /* c */) return opts.charWeight;
  if (kind === 112 /* p */) return opts.pairWeight;
  return 1;
}

/** True for keys of content-word pairs (their evidence is two words, not a range). */
export function isPairKey(key: string): boolean {
  return key.charCodeAt(0) === 112;
}

/**
 * Calls visit for every feature occurrence. No bigram or pair spans two messages. Returns the number
 * of pair occurrences not visited because one of their words was reported unknown.
 */
export function forEachFeature(
  tokens: readonly SegmentToken[],
  opts: FeatureOptions,
  visit: FeatureVisitor,
): number {
  const grams = opts.charGrams;
  // Content words of the current message, for pairs: distinct stems with their first token.
  const content: string[] = [];
  const at: number[] = [];
  const known: boolean[] = [];
  let skipped = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const isNum = t.stem === '#num';
    const isKnown = isNum || visit('w' + t.stem, i, i) !== false;
    const next = tokens[i + 1];
    if (opts.bigrams && next !== undefined && next.message === t.message)
      visit('b' + t.stem + ' ' + next.stem, i, i + 1);
    if (grams.length && !isNum && t.norm.length >= 4) {
      const w = '<' + t.norm + '>';
      for (const n of grams) for (let s = 0; s + n <= w.length; s++) visit('c' + w.slice(s, s + n), i, i);
    }
    if (opts.pairs > 0) {
      if (
        !isNum &&
        content.length < opts.pairs &&
        (!t.stop || PAIR_FUNCTION_WORDS.has(t.norm)) &&
        !content.includes(t.stem)
      ) {
        for (let j = 0; j < content.length; j++) {
          if (!isKnown || !known[j]) {
            skipped++;
            continue;
          }
          const a = content[j]!;
          const key = a < t.stem ? 'p' + a + ' ' + t.stem : 'p' + t.stem + ' ' + a;
          visit(key, at[j]!, i);
        }
        content.push(t.stem);
        at.push(i);
        known.push(isKnown);
      }
      if (next === undefined || next.message !== t.message) {
        content.length = 0;
        at.length = 0;
        known.length = 0;
      }
    }
  }
  return skipped;
}

export function featureKeys(tokens: readonly SegmentToken[], opts: FeatureOptions): string[] {
  const out: string[] = [];
  forEachFeature(tokens, opts, (key) => {
    out.push(key);
  });
  return out;
}

/**
 * What the vocabulary knows of one stem: its word feature ("w"), the bigrams and pairs that start with
 * it. It also remembers which of its unknown features the visit being made has counted already (the
 * visit's number and the other stems), so counting distinct unknown features needs no set per call.
 */
interface StemEntry {
  stem: string;
  /** Id of the stem's word feature, or -1 when the vocabulary does not know it. */
  word: number;
  /** Ids of bigrams starting with the stem, by the next word's stem. */
  bigrams: ReadonlyMap<string, number> | undefined;
  /** Ids of pairs whose first (smaller) stem is this one, by the other stem. */
  pairs: ReadonlyMap<string, number> | undefined;
  /** The visit that counted it as an unknown word. */
  unknownWordIn: number;
  /** The unknown bigrams starting with it that the visit counted (the next words' stems). */
  unknownBigrams: CountedStems;
  /** The unknown pairs whose first stem it is that the visit counted (the other words' stems). */
  unknownPairs: CountedStems;
}

/** Stems counted by one visit: the first `count` of `stems` when `visit` is the visit being made. */
interface CountedStems {
  visit: number;
  count: number;
  stems: string[];
}

/** A character n-gram the vocabulary does not know, with the visit that counted it. */
interface UnknownGram {
  gram: string;
  countedIn: number;
}

/**
 * What the vocabulary knows of one word — its stem's entry and its character n-grams — looked up once
 * per model and word: a token then costs one lookup instead of one per kind of feature.
 */
interface WordEntry {
  stem: StemEntry;
  /** Ids of its known character n-grams, in forEachFeature's order, repeats kept. */
  grams: Int32Array;
  /** Its character n-grams the vocabulary does not know, in order, repeats kept. */
  unknownGrams: readonly UnknownGram[];
}

const WORD_CACHE_LIMIT = 50_000;
const NO_GRAMS = new Int32Array(0);
const NUMBER_STEM = '#num';

/**
 * A vocabulary of feature keys indexed for scoring: the same features as forEachFeature, in the same
 * order and with the same ranges, but looked up without building their keys. Building a key string
 * for every feature of every message (and hashing it) was most of the topic model's scoring time;
 * what the vocabulary knows of a word is looked up once per model (WordEntry, StemEntry).
 */
export class FeatureIndex {
  private readonly words = new Map<string, number>();
  private readonly grams = new Map<string, number>();
  private readonly bigrams = new Map<string, Map<string, number>>();
  private readonly pairs = new Map<string, Map<string, number>>();
  /** Entries made so far: words by the word, stems by the stem, unknown n-grams by the n-gram. */
  private readonly wordEntries = new Map<string, WordEntry>();
  private readonly stemEntries = new Map<string, StemEntry>();
  private readonly unknownGramEntries = new Map<string, UnknownGram>();
  /** Bare numbers share one entry: they have no word feature and no n-grams. */
  private readonly numberEntry: WordEntry;
  /** Number of the visit being made (see StemEntry). */
  private visits = 0;
  /** visit's lists of content words, reused (visit is synchronous). */
  private readonly content: StemEntry[] = [];
  private readonly contentAt: number[] = [];
  private readonly contentKnown: boolean[] = [];

  constructor(
    vocab: ReadonlyMap<string, number>,
    private readonly opts: FeatureOptions,
  ) {
    for (const [key, id] of vocab) {
      const kind = key.charCodeAt(0);
      const rest = key.slice(1);
      if (kind === 119 /* w */) this.words.set(rest, id);
      else if (kind === 99 /* c */) this.grams.set(rest, id);
      else {
        const space = rest.indexOf(' ');
        const into = kind === 98 /* b */ ? this.bigrams : this.pairs;
        const a = rest.slice(0, space);
        let m = into.get(a);
        if (m === undefined) into.set(a, (m = new Map()));
        m.set(rest.slice(space + 1), id);
      }
    }
    this.numberEntry = { stem: this.makeStemEntry(NUMBER_STEM), grams: NO_GRAMS, unknownGrams: [] };
  }

  private makeStemEntry(stem: string): StemEntry {
    return {
      stem,
      word: this.words.get(stem) ?? -1,
      bigrams: this.bigrams.get(stem),
      pairs: this.pairs.get(stem),
      unknownWordIn: 0,
      unknownBigrams: { visit: 0, count: 0, stems: [] },
      unknownPairs: { visit: 0, count: 0, stems: [] },
    };
  }

  private stemEntry(stem: string): StemEntry {
    let e = this.stemEntries.get(stem);
    if (e === undefined) this.stemEntries.set(stem, (e = this.makeStemEntry(stem)));
    return e;
  }

  private entry(t: SegmentToken): WordEntry {
    if (t.stem === NUMBER_STEM) return this.numberEntry;
    const e = this.wordEntries.get(t.norm);
    if (e !== undefined && e.stem.stem === t.stem) return e;
    const made = this.makeEntry(t.norm, t.stem);
    // Kept by word; a token whose stem is not the word's usual one (made by hand) is not kept.
    if (e === undefined) this.wordEntries.set(t.norm, made);
    return made;
  }

  private makeEntry(norm: string, stem: string): WordEntry {
    const ids: number[] = [];
    const unknownGrams: UnknownGram[] = [];
    if (norm.length >= 4) {
      const w = '<' + norm + '>';
      for (const n of this.opts.charGrams)
        for (let s = 0; s + n <= w.length; s++) {
          const g = w.slice(s, s + n);
          const id = this.grams.get(g);
          if (id !== undefined) ids.push(id);
          else {
            let u = this.unknownGramEntries.get(g);
            if (u === undefined) this.unknownGramEntries.set(g, (u = { gram: g, countedIn: 0 }));
            unknownGrams.push(u);
          }
        }
    }
    return {
      stem: this.stemEntry(stem),
      grams: ids.length ? Int32Array.from(ids) : NO_GRAMS,
      unknownGrams,
    };
  }

  /**
   * Visits the id of every known feature occurrence (as forEachFeature visits keys) and returns the
   * squared weights (see featureWeight) of the distinct unknown features, summed.
   */
  visit(
    tokens: readonly SegmentToken[],
    visit: (id: number, first: number, last: number, pair: boolean) => void,
  ): number {
    // Entries are dropped between visits only: within one, a stem or n-gram has one entry, which is
    // what counting distinct unknown features by entry relies on.
    if (this.wordEntries.size >= WORD_CACHE_LIMIT) {
      this.wordEntries.clear();
      this.stemEntries.clear();
      this.unknownGramEntries.clear();
    }
    const pass = ++this.visits;
    const opts = this.opts;
    const cw2 = opts.charWeight * opts.charWeight;
    const pw2 = opts.pairWeight * opts.pairWeight;
    let unknown = 0;
    // The current message's content words for pairs (see forEachFeature): at most opts.pairs.
    const content = this.content;
    const at = this.contentAt;
    const known = this.contentKnown;
    let contentCount = 0;
    let e = tokens.length > 0 ? this.entry(tokens[0]!) : this.numberEntry;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const next = tokens[i + 1];
      const nextEntry = next !== undefined ? this.entry(next) : undefined;
      const stem = e.stem;
      const isNum = e === this.numberEntry;
      let isKnown = true;
      if (!isNum) {
        if (stem.word >= 0) visit(stem.word, i, i, false);
        else {
          isKnown = false;
          if (stem.unknownWordIn !== pass) {
            stem.unknownWordIn = pass;
            unknown += 1;
          }
        }
      }
      if (opts.bigrams && next !== undefined && next.message === t.message) {
        const id = stem.bigrams?.get(next.stem);
        if (id !== undefined) visit(id, i, i + 1, false);
        else if (firstCount(stem.unknownBigrams, next.stem, pass)) unknown += 1;
      }
      if (opts.charGrams.length && !isNum && t.norm.length >= 4) {
        for (const id of e.grams) visit(id, i, i, false);
        for (const g of e.unknownGrams) {
          if (g.countedIn !== pass) {
            g.countedIn = pass;
            unknown += cw2;
          }
        }
      }
      if (opts.pairs > 0) {
        if (
          !isNum &&
          contentCount < opts.pairs &&
          (!t.stop || PAIR_FUNCTION_WORDS.has(t.norm)) &&
          !hasStem(content, contentCount, t.stem)
        ) {
          for (let j = 0; j < contentCount; j++) {
            if (!isKnown || !known[j]) {
              unknown += pw2; // a pair with an unknown word: unknown, and distinct
              continue;
            }
            const a = content[j]!;
            const lo = a.stem < t.stem ? a : stem;
            const hi = a.stem < t.stem ? stem : a;
            const id = lo.pairs?.get(hi.stem);
            if (id !== undefined) visit(id, at[j]!, i, true);
            else if (firstCount(lo.unknownPairs, hi.stem, pass)) unknown += pw2;
          }
          content[contentCount] = stem;
          at[contentCount] = i;
          known[contentCount] = isKnown;
          contentCount++;
        }
        if (next === undefined || next.message !== t.message) contentCount = 0;
      }
      if (nextEntry !== undefined) e = nextEntry;
    }
    return unknown;
  }
}

/** Whether visit `pass` counts `stem` among `counted` for the first time (and counts it). */
function firstCount(counted: CountedStems, stem: string, pass: number): boolean {
  if (counted.visit !== pass) {
    counted.visit = pass;
    counted.count = 0;
  } else {
    for (let k = 0; k < counted.count; k++) if (counted.stems[k] === stem) return false;
  }
  counted.stems[counted.count++] = stem;
  return true;
}

function hasStem(entries: readonly StemEntry[], count: number, stem: string): boolean {
  for (let k = 0; k < count; k++) if (entries[k]!.stem === stem) return true;
  return false;
}
