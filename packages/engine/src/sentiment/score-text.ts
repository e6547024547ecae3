import type { Emotion, Evidence } from '@vigil/contracts';
import { calibrate, predict, predictFromWeights } from './emotion-model';
import { emotionFeatures, forEachEmotionFeature, isNegator } from './features';
import type { EmotionModel } from './emotion-model';
import type { CueRule, CueSignal, LanguagePack } from './language-pack';
import { languagePack } from './languages';
import { EMOJI, EMOTICON_SET, EMOTICONS } from './symbols';
import { type Token, TokenKind, tokenize } from './tokenize';

/**
 * Scores one message. The polarity follows VADER's rules (Hutto & Gilbert 2014): lexicon valence,
 * boosters and dampeners over the three preceding words, negation (x -0.74), ALL-CAPS emphasis,
 * "but" contrast, "!" and "??" emphasis, then score / sqrt(score² + 15), re-implemented on one
 * tokenisation with Map lookups (about 50x cheaper than the npm port), with these changes:
 * negation and boosters stop at clause punctuation; a negated negative word flips with x -0.5
 * (weakly positive); laughter ("lol") is not negated; negators and boosters that are sentiment words
 * keep their valence when they modify nothing; elongated words ("sooo", "yaaay") read as the word,
 * with emphasis; phrases, emoji and service vocabulary; a sarcasm rule; a prefix-negation and
 * stemming hook for inflected languages (English uses it for superlatives); and, where the language
 * has a model, its positive-vs-negative reading nudges the polarity of opinionated messages by up to
 * ±0.1. Emotions come from the same small linear model (English) plus cue words, phrases and emoji.
 */

/** A cue in one text; `signal` is what it counts towards ("negative", "anger", "escalation"…). */
export type TextEvidence = Omit<Evidence, 'messageIndex' | 'target' | 'signal'> & { signal: string };

export interface TextScore {
  /** In [-1, 1]; 0 when nothing in the text carries sentiment. */
  polarity: number;
  /** Whether any word, phrase, emoji or emoticon carried sentiment. */
  opinionated: boolean;
  /** Emotions found (strength >= 0.5 after calibration), each in [0, 1]. */
  emotions: Partial<Record<Emotion, number>>;
  escalation: boolean;
  churn: boolean;
  evidence: TextEvidence[];
}

export const RULE_VERSION = '2';

const B_INCR = 0.293;
const CAPS_INCR = 0.733;
const NEGATION_SCALAR = -0.74;
/**
 * A negated negative word is only weakly positive ("not terrible" is not "great"; Taboada et al. 2011,
 * Kiritchenko & Mohammad 2016), so its valence flips with half the strength.
 */
const NEGATED_NEGATIVE_SCALAR = -0.5;
const ALPHA = 15;
const EVIDENCE_MIN = 0.5;
const MAX_POLARITY_EVIDENCE = 8;
/** How far the emotion model's sentiment heads move an opinionated message's polarity. */
const MODEL_WEIGHT = 0.1;
/** A message longer than this is scored on its first part only (keeps CPU bounded; offsets stay exact). */
const MAX_SCORED_CHARS = 5000;

interface Contribution {
  value: number;
  /** token index of the sentiment word (for contrast scoping) */
  at: number;
  start: number;
  end: number;
  ruleId: string;
  sarcasmCandidate: boolean;
  /** A negative phrase built on praise ("thanks for nothing"). */
  sarcasm: boolean;
}

export function scoreText(text: string, language: string): TextScore {
  const pack = languagePack(language);
  const scored = text.length > MAX_SCORED_CHARS ? text.slice(0, MAX_SCORED_CHARS) : text;
  const tokens = unstretch(tokenize(scored, EMOTICON_SET), pack);
  const facts = factsOfTokens(tokens, pack);
  const evidence: TextEvidence[] = [];
  const contributions = polarityContributions(tokens, facts, pack);
  const index = indexOf(pack);
  const model = pack.emotionModel;
  const heads =
    model && tokens.length > 0
      ? predictFromWeights(model, modelInput(tokens, facts, model), index.modelHeadList, index.heads)
      : null;
  let polarity = finish(contributions, tokens);
  if (heads && polarity !== 0 && index.sentimentHeads) {
    // the model's positive-vs-negative reading nudges an opinionated message (never creates one)
    const pos = index.sentimentHeads[0];
    const neg = index.sentimentHeads[1];
    const lean =
      calibrate(heads[pos]!, model!.threshold[pos]!) - calibrate(heads[neg]!, model!.threshold[neg]!);
    polarity = Math.max(-1, Math.min(1, polarity + MODEL_WEIGHT * lean));
  }

  // (most messages have no contribution: no lists made for them)
  if (contributions.length > 0) {
    const strong = contributions.filter((c) => Math.abs(c.value) >= EVIDENCE_MIN);
    // (sorting allocates even for one element)
    const polarityEvidence =
      strong.length > 1
        ? strong.sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, MAX_POLARITY_EVIDENCE)
        : strong;
    for (const c of polarityEvidence) {
      evidence.push(span(scored, c.start, c.end, c.ruleId, c.value > 0 ? 'positive' : 'negative'));
    }
  }

  // sarcasm ("oh great", "thanks for nothing", "yeah right") cancels any gratitude the words suggest
  const sarcastic = contributions.some(
    (c) =>
      c.ruleId === 'sentiment.sarcasm' ||
      (c.value < 0 && c.ruleId === `sentiment.phrase.${pack.code}` && c.sarcasm),
  );
  const { emotions, escalation, churn } = emotionsAndCues(
    tokens,
    facts,
    scored,
    pack,
    heads,
    polarity,
    sarcastic,
    evidence,
  );
  return { polarity, opinionated: contributions.length > 0, emotions, escalation, churn, evidence };
}

/**
 * Every head of the language's emotion model for a text, calibrated so 0.5 is the decision threshold
 * (GoEmotions labels, Ekman groups as "ekman.<group>", sentiment groups). Null when the language has
 * no model. For evaluation and diagnostics; the analyzer uses `scoreText`.
 */
export function emotionHeads(text: string, language: string): Record<string, number> | null {
  const pack = languagePack(language);
  const model = pack.emotionModel;
  if (!model) return null;
  const p = predict(model, emotionFeatures(unstretch(tokenize(text, EMOTICON_SET), pack), pack));
  const out: Record<string, number> = {};
  model.heads.forEach((head, k) => (out[head] = calibrate(p[k]!, model.threshold[k]!)));
  return out;
}

function span(text: string, start: number, end: number, ruleId: string, signal: string): TextEvidence {
  return { start, end, quote: text.slice(start, end), ruleId, ruleVersion: RULE_VERSION, signal };
}

interface WordHit {
  value: number;
  negatedByPrefix: boolean;
}

/**
 * What the scorer asks about one word in one language — its valence, whether it boosts, negates,
 * contrasts, opens a phrase or cue, its emotion and its model weights — looked up once per language
 * and word and kept (a word is asked about many times per message, and each question was a lookup of
 * its own). Shared between messages, never changed.
 */
interface WordFacts {
  /** Its valence from the lexicon, a stem of it, or the word without the negation prefix. */
  hit: WordHit | null;
  /** In the lexicon as written (a negator or booster that is a sentiment word itself). */
  inLexicon: boolean;
  booster: number | undefined;
  negator: boolean;
  narrowNegator: boolean;
  interjection: boolean;
  contrast: boolean;
  concessive: boolean;
  startsPhrase: boolean;
  sarcasmMarker: boolean;
  sarcasmTarget: boolean;
  emotions: Partial<Record<Emotion, number>> | undefined;
  cues: readonly CueRule[] | undefined;
  /** The emotion model's weights for the word as a feature, and negated ("NOT_word"). */
  weights: Float32Array | undefined;
  negatedWeights: Float32Array | undefined;
}

/** For tokens that are not words: nothing applies. */
const NOT_A_WORD: WordFacts = {
  hit: null,
  inLexicon: false,
  booster: undefined,
  negator: false,
  narrowNegator: false,
  interjection: false,
  contrast: false,
  concessive: false,
  startsPhrase: false,
  sarcasmMarker: false,
  sarcasmTarget: false,
  emotions: undefined,
  cues: undefined,
  weights: undefined,
  negatedWeights: undefined,
};

function factsOf(norm: string, pack: LanguagePack): WordFacts {
  const index = indexOf(pack);
  const known = index.words;
  let facts = known.get(norm);
  if (facts === undefined) {
    const weights = pack.emotionModel?.weights;
    facts = {
      hit: findWord(norm, pack, true),
      inLexicon: pack.lexicon.has(norm),
      booster: pack.boosters.get(norm),
      negator: isNegator(norm, pack),
      narrowNegator: pack.narrowNegators?.has(norm) ?? false,
      interjection: pack.interjections?.has(norm) ?? false,
      contrast: pack.contrast.has(norm),
      concessive: pack.concessive.has(norm),
      startsPhrase: index.phraseFirstWords.has(norm),
      sarcasmMarker: pack.sarcasmMarkers.has(norm),
      sarcasmTarget: pack.sarcasmTargets.has(norm),
      emotions: pack.emotionWords.get(norm),
      cues: index.cuesByFirstWord.get(norm),
      weights: weights?.get(norm),
      negatedWeights: weights?.get(`NOT_${norm}`),
    };
    if (known.size >= WORD_CACHE_LIMIT) known.clear();
    known.set(norm, facts);
  }
  return facts;
}
const WORD_CACHE_LIMIT = 50_000;

/** Each token's word facts (NOT_A_WORD for emoji, emoticons and punctuation), by token index. */
function factsOfTokens(tokens: readonly Token[], pack: LanguagePack): WordFacts[] {
  const out = new Array<WordFacts>(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    out[i] = t.kind === TokenKind.Word ? factsOf(t.norm, pack) : NOT_A_WORD;
  }
  return out;
}

/**
 * The emotion model's input for a message: the weights of emotionFeatures' features, in their order,
 * with a word's weights taken from its facts. Read only within scoreText, so one array serves every call.
 */
const modelWeights: (Float32Array | undefined)[] = [];
let modelWeightsLength = 0;
function modelInput(
  tokens: readonly Token[],
  facts: readonly WordFacts[],
  model: EmotionModel,
): readonly (Float32Array | undefined)[] {
  // Filled by index and cut to size at the end: emptying it with `length = 0` drops its storage.
  modelWeightsLength = 0;
  forEachEmotionFeature(
    tokens,
    (i) => facts[i]!.negator,
    (i, negated) =>
      (modelWeights[modelWeightsLength++] = negated ? facts[i]!.negatedWeights : facts[i]!.weights),
    (feature) => (modelWeights[modelWeightsLength++] = model.weights.get(feature)),
  );
  modelWeights.length = modelWeightsLength;
  return modelWeights;
}

function findWord(norm: string, pack: LanguagePack, prefixed: boolean): WordHit | null {
  const direct = pack.lexicon.get(norm);
  if (direct !== undefined) return { value: direct, negatedByPrefix: false };
  if (pack.stems) {
    for (const stem of pack.stems(norm)) {
      const v = pack.lexicon.get(stem);
      if (v !== undefined) return { value: v, negatedByPrefix: false };
    }
  }
  const prefix = pack.negationPrefix;
  if (prefixed && prefix && norm.length > prefix.length + 3 && norm.startsWith(prefix)) {
    const inner = findWord(norm.slice(prefix.length), pack, false);
    if (inner) return { value: inner.value, negatedByPrefix: true };
  }
  return null;
}

/** polarityContributions' clause words, reused: it is synchronous, and a list per message was garbage. */
const clauseWords: number[] = [];

function polarityContributions(
  tokens: readonly Token[],
  facts: readonly WordFacts[],
  pack: LanguagePack,
): Contribution[] {
  const out: Contribution[] = [];
  // Token indices of the words in the current clause: the first clauseLength of clauseWords.
  const words = clauseWords;
  let clauseLength = 0;
  let capsWords = 0;
  let allWords = 0;
  for (const t of tokens) {
    if (t.kind === TokenKind.Word) {
      allWords++;
      if (t.caps) capsWords++;
    }
  }
  const capsDiff = capsWords > 0 && capsWords < allWords;
  const langRule = `sentiment.lexicon.${pack.code}`;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === TokenKind.Punct) {
      clauseLength = 0;
      continue;
    }
    if (t.kind === TokenKind.Emoticon || t.kind === TokenKind.Emoji) {
      const value =
        t.kind === TokenKind.Emoji ? (EMOJI.get(t.norm)?.valence ?? 0) : (EMOTICONS.get(t.norm) ?? 0);
      if (value !== 0) {
        const ruleId = t.kind === TokenKind.Emoji ? 'sentiment.emoji' : 'sentiment.emoticon';
        out.push({
          value,
          at: i,
          start: t.start,
          end: t.end,
          ruleId,
          sarcasmCandidate: false,
          sarcasm: false,
        });
      }
      continue;
    }
    const norm = t.norm;
    const word = facts[i]!;
    if (word.contrast) {
      clauseLength = 0;
      words[clauseLength++] = i;
      continue;
    }
    if (word.booster !== undefined || word.negator) {
      // VADER: boosters carry no valence themselves, and a negator ("no", "lack") only keeps its own
      // valence when there is nothing after it to negate ("No." / "no electricity")
      // (the same for boosters that are sentiment words themselves: "super soft" / "Super!")
      if (
        !phraseAt(tokens, facts, i, pack) &&
        (!word.inLexicon || modifiesSomething(tokens, facts, i, pack))
      ) {
        words[clauseLength++] = i;
        continue;
      }
    }
    if ((norm === 'kind' || norm === 'sort') && tokens[i + 1]?.norm === 'of') {
      words[clauseLength++] = i;
      continue;
    }

    let value: number;
    let end = t.end;
    let ruleId = langRule;
    let consumed = 0;
    let prefixNegated = false;
    const phrase = phraseAt(tokens, facts, i, pack);
    let sarcasticPhrase = false;
    if (phrase) {
      value = phrase.value;
      for (let k = i; k <= phrase.last; k++)
        if (facts[k]!.sarcasmTarget || facts[k]!.sarcasmMarker) sarcasticPhrase = true;
      end = tokens[phrase.last]!.end;
      consumed = phrase.last - i;
      ruleId = `sentiment.phrase.${pack.code}`;
    } else {
      const hit = word.hit;
      if (!hit || hit.value === 0) {
        // as VADER, one-letter words ("a", "I") do not count towards the three-word window
        if (t.end - t.start > 1) words[clauseLength++] = i;
        continue;
      }
      value = hit.value;
      prefixNegated = hit.negatedByPrefix;
    }
    if (prefixNegated) {
      value *= negation(value);
      ruleId = 'sentiment.negation';
    }
    if (t.caps && capsDiff) value += value > 0 ? CAPS_INCR : -CAPS_INCR;
    if (t.stretched) value += value > 0 ? B_INCR : -B_INCR;

    // look back over up to three words of the same clause for boosters and negators
    let start = t.start;
    let sarcasmCandidate = false;
    const targetIsNegator = word.negator;
    const n = clauseLength;
    for (let back = 1; back <= 3 && back <= n; back++) {
      const prev = tokens[words[n - back]!]!;
      const prevNorm = prev.norm;
      const prevWord = facts[words[n - back]!]!;
      if (prevWord.inLexicon && !prevWord.negator) continue;
      const boost = prevWord.booster;
      if (boost !== undefined) {
        let s = value > 0 ? boost : -boost;
        if (prev.caps && capsDiff) s += value > 0 ? CAPS_INCR : -CAPS_INCR;
        value += back === 1 ? s : back === 2 ? s * 0.95 : s * 0.9;
        start = Math.min(start, prev.start);
      } else if (prevNorm === 'of' && back === 1 && n >= 2) {
        const pp = tokens[words[n - 2]!]!.norm;
        if (pp === 'kind' || pp === 'sort') value += value > 0 ? -B_INCR : B_INCR;
      } else if (
        prevWord.negator &&
        !targetIsNegator && // "no no no" is emphatic, not a double negation
        !word.interjection && // "I'm NOT the latter lol" still laughs
        (back === 1 || !prevWord.narrowNegator)
      ) {
        // VADER: "never so good" intensifies; likewise "haven't been this happy"
        let comparative = false;
        if (COMPARATIVE_NEGATORS.has(prevNorm)) {
          for (let k = n - back + 1; k < n; k++)
            if (COMPARATIVE_MARKERS.has(tokens[words[k]!]!.norm)) comparative = true;
        }
        if (comparative) value *= back === 2 ? 1.5 : 1.25;
        else value *= negation(value);
        start = Math.min(start, prev.start);
        ruleId = 'sentiment.negation';
      } else if (prevNorm === 'least' && back === 1) {
        const before = n >= 2 ? tokens[words[n - 2]!]!.norm : '';
        if (before !== 'at' && before !== 'very') {
          value *= negation(value);
          start = Math.min(start, prev.start);
          ruleId = 'sentiment.negation';
        }
      }
      if (back === 1 && value > 0 && prevWord.sarcasmMarker && word.sarcasmTarget) {
        sarcasmCandidate = true;
      }
    }
    out.push({ value, at: i, start, end, ruleId, sarcasmCandidate, sarcasm: sarcasticPhrase });
    words[clauseLength++] = i;
    for (let k = 0; k < consumed; k++) words[clauseLength++] = i + k + 1;
    i += consumed;
  }

  applyContrast(out, tokens, facts);
  applySarcasm(out);
  return out;
}

/**
 * Elongated words ("sooo", "yaaay", "nooooo", "baaaaad"): a letter written three or more times is
 * read as the word it stretches, with two of that letter or one ("coooool" → "cool", "yaaay" →
 * "yay"), whichever the language knows; the stretching is emphasis (a booster's increment).
 * Returns the same array when nothing is stretched. The emotion model and the cues see the
 * unstretched words too (the training script calls this as well).
 */
export function unstretch(tokens: readonly Token[], pack: LanguagePack): readonly Token[] {
  let out: Token[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== TokenKind.Word || !hasLetterRun(t.norm) || knownWord(t.norm, pack)) continue;
    const two = t.norm.replace(LETTER_RUN, '$1$1');
    const one = t.norm.replace(LETTER_RUN, '$1');
    const norm = knownWord(two, pack) ? two : knownWord(one, pack) ? one : null;
    if (norm === null) continue;
    out ??= tokens.slice();
    out[i] = { ...t, norm, stretched: true };
  }
  return out ?? tokens;
}

const LETTER_RUN = /(\p{L})\1{2,}/gu;

function hasLetterRun(word: string): boolean {
  for (let k = 2; k < word.length; k++) {
    const c = word.charCodeAt(k);
    if (c === word.charCodeAt(k - 1) && c === word.charCodeAt(k - 2) && (c < 48 || c > 57)) return true;
  }
  return false;
}

function knownWord(norm: string, pack: LanguagePack): boolean {
  const word = factsOf(norm, pack);
  return (
    word.hit !== null || word.booster !== undefined || word.negator || word.contrast || word.startsPhrase
  );
}

function negation(value: number): number {
  return value < 0 ? NEGATED_NEGATIVE_SCALAR : NEGATION_SCALAR;
}

const COMPARATIVE_NEGATORS = new Set(['never', "haven't", 'havent', "hasn't", 'hasnt', "hadn't", 'hadnt']);
const COMPARATIVE_MARKERS = new Set(['so', 'this', 'such']);

/** Whether a sentiment word or phrase follows within three words of the same clause. */
function modifiesSomething(
  tokens: readonly Token[],
  facts: readonly WordFacts[],
  i: number,
  pack: LanguagePack,
): boolean {
  const reach = facts[i]!.narrowNegator ? 1 : 3;
  for (let j = i + 1; j < tokens.length && j <= i + reach; j++) {
    if (tokens[j]!.kind !== TokenKind.Word) return false;
    const word = facts[j]!;
    if (word.negator) continue;
    if (word.hit !== null || phraseAt(tokens, facts, j, pack)) return true;
  }
  return false;
}

/** Lookup structures derived once per language pack. */
interface PackIndex {
  phraseFirstWords: ReadonlySet<string>;
  cuesByFirstWord: ReadonlyMap<string, readonly CueRule[]>;
  /** [emotion, head index] for the model heads the analyzer reports. */
  modelHeads: ReadonlyArray<[Emotion, number]>;
  /** Indices of the positive and negative sentiment heads, when the model has them. */
  sentimentHeads: [number, number] | null;
  /** Every head index the analyzer evaluates. */
  modelHeadList: readonly number[];
  /** factsOf's answers so far. */
  words: Map<string, WordFacts>;
  /** The emotion model's output for the message being scored (read only within scoreText). */
  heads: Float64Array | undefined;
}
const INDEXES = new WeakMap<LanguagePack, PackIndex>();
/** The pack asked for last: nearly every call is for the same language as the one before. */
let lastPack: LanguagePack | null = null;
let lastIndex: PackIndex | null = null;

function indexOf(pack: LanguagePack): PackIndex {
  if (pack === lastPack) return lastIndex!;
  let index = INDEXES.get(pack);
  if (index) {
    lastPack = pack;
    lastIndex = index;
    return index;
  }
  const phraseFirstWords = new Set<string>();
  for (const phrase of pack.phrases.keys()) phraseFirstWords.add(phrase.slice(0, phrase.indexOf(' ')));
  const cuesByFirstWord = new Map<string, CueRule[]>();
  for (const rule of pack.cues) {
    for (const word of rule.first) {
      const list = cuesByFirstWord.get(word) ?? [];
      list.push(rule);
      cuesByFirstWord.set(word, list);
    }
  }
  const model = pack.emotionModel;
  const modelHeads: Array<[Emotion, number]> = [];
  if (model) {
    for (const [emotion, head] of MODEL_EMOTIONS) {
      const k = model.heads.indexOf(head);
      if (k >= 0) modelHeads.push([emotion, k]);
    }
  }
  const pos = model ? model.heads.indexOf('sentiment.positive') : -1;
  const neg = model ? model.heads.indexOf('sentiment.negative') : -1;
  const sentimentHeads: [number, number] | null = pos >= 0 && neg >= 0 ? [pos, neg] : null;
  const modelHeadList = [...modelHeads.map(([, k]) => k), ...(sentimentHeads ?? [])];
  index = {
    phraseFirstWords,
    cuesByFirstWord,
    modelHeads,
    sentimentHeads,
    modelHeadList,
    words: new Map(),
    heads: model ? new Float64Array(model.bias.length) : undefined,
  };
  INDEXES.set(pack, index);
  lastPack = pack;
  lastIndex = index;
  return index;
}

function phraseAt(
  tokens: readonly Token[],
  facts: readonly WordFacts[],
  i: number,
  pack: LanguagePack,
): { value: number; last: number } | null {
  if (!facts[i]!.startsPhrase) return null;
  const first = tokens[i]!;
  let key = first.norm;
  let best: { value: number; last: number } | null = null;
  for (let j = i + 1; j < tokens.length && j <= i + 3; j++) {
    const t = tokens[j]!;
    if (t.kind !== TokenKind.Word) break;
    key += ` ${t.norm}`;
    const v = pack.phrases.get(key);
    if (v !== undefined) best = { value: v, last: j };
  }
  return best;
}

/** "but"/"however" weigh what follows up (x1.5) and what came before down (x0.5). */
function applyContrast(out: Contribution[], tokens: readonly Token[], facts: readonly WordFacts[]): void {
  if (out.length === 0) return;
  let pivot = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === TokenKind.Word) {
      if (facts[i]!.contrast && pivot < 0) pivot = i;
      else if (facts[i]!.concessive && (i === 0 || tokens[i - 1]!.kind === TokenKind.Punct)) {
        // "Although it arrived late, it works": the clause after the comma is the point
        let j = i + 1;
        while (j < tokens.length && tokens[j]!.kind !== TokenKind.Punct) j++;
        for (const c of out) if (c.at > i && c.at < j) c.value *= 0.5;
      }
    }
  }
  // as VADER: the first contrast word splits the whole message ("I loved it. But then it broke.")
  if (pivot < 0) return;
  for (const c of out) c.value *= c.at < pivot ? 0.5 : 1.5;
}

/** "Oh great, charged twice": "oh great", "just perfect", "wow thanks" in a negative message flip. */
function applySarcasm(out: Contribution[]): void {
  let negative = false;
  for (const c of out) if (c.value < 0) negative = true;
  if (!negative) return;
  for (const c of out) {
    if (c.sarcasmCandidate) {
      c.value = -0.5 * Math.abs(c.value);
      c.ruleId = 'sentiment.sarcasm';
    }
  }
}

function finish(contributions: readonly Contribution[], tokens: readonly Token[]): number {
  if (contributions.length === 0) return 0;
  let sum = 0;
  for (const c of contributions) sum += c.value;
  if (sum === 0) return 0;
  let bangs = 0;
  let questions = 0;
  for (const t of tokens) {
    if (t.kind !== TokenKind.Punct) continue;
    for (let k = 0; k < t.norm.length; k++) {
      const ch = t.norm.charCodeAt(k);
      if (ch === 33) bangs++;
      else if (ch === 63) questions++;
    }
  }
  const emphasis =
    Math.min(bangs, 4) * 0.292 + (questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0);
  sum += sum > 0 ? emphasis : -emphasis;
  const score = sum / Math.sqrt(sum * sum + ALPHA);
  return Math.max(-1, Math.min(1, score));
}

// ---- emotions, escalation, churn -----------------------------------------------------------------

const NO_CUES: readonly CueRule[] = [];
const MODEL_EMOTIONS: ReadonlyArray<[Emotion, string]> = [
  ['anger', 'anger'],
  ['frustration', 'annoyance'],
  ['confusion', 'confusion'],
  ['gratitude', 'gratitude'],
  ['disappointment', 'disappointment'],
];

function emotionsAndCues(
  tokens: readonly Token[],
  facts: readonly WordFacts[],
  text: string,
  pack: LanguagePack,
  heads: Float64Array | null,
  polarity: number,
  sarcastic: boolean,
  evidence: TextEvidence[],
): { emotions: Partial<Record<Emotion, number>>; escalation: boolean; churn: boolean } {
  const scores: Partial<Record<Emotion, number>> = {};
  // The emotions in the order first raised: the order of the result's keys, as Object.entries gave it.
  const raised: Emotion[] = [];
  const raise = (emotion: Emotion, value: number): void => {
    if (emotion === 'gratitude' && sarcastic) return;
    const was = scores[emotion];
    if (value > (was ?? 0)) {
      if (was === undefined) raised.push(emotion);
      scores[emotion] = value;
    }
  };
  let escalation = false;
  let churn = false;

  // the model, where the language has one
  const model = pack.emotionModel;
  const index = indexOf(pack);
  if (model && heads) {
    for (const [emotion, k] of index.modelHeads) raise(emotion, calibrate(heads[k]!, model.threshold[k]!));
  }

  // cue words, phrases and emoji, negation-aware; one span per rule and matched end word
  let matchedEnds: Map<string, number> | undefined; // made for the first cue that matches
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === TokenKind.Emoji) {
      const entry = EMOJI.get(t.norm);
      if (entry?.emotions) {
        for (const [emotion, v] of Object.entries(entry.emotions) as [Emotion, number][]) {
          raise(emotion, v);
          evidence.push(span(text, t.start, t.end, 'emotion.emoji', emotion));
        }
      }
      continue;
    }
    if (t.kind !== TokenKind.Word) continue;
    const lexical = facts[i]!.emotions;
    const rules = facts[i]!.cues;
    if (!lexical && !rules) continue;
    const negated = negatedAt(tokens, facts, i);
    if (lexical && !negated) {
      for (const [emotion, v] of Object.entries(lexical) as [Emotion, number][]) {
        if (emotion === 'gratitude' && sarcastic) continue;
        raise(emotion, v);
        evidence.push(span(text, t.start, t.end, `emotion.word.${pack.code}`, emotion));
      }
    }
    for (const rule of rules ?? NO_CUES) {
      if (rule.requireNegated ? !negated : negated && !rule.allowNegated) continue;
      let last = i;
      if (rule.then) {
        last = -1;
        const within = rule.within ?? 3;
        for (let j = i + 1; j < tokens.length && j <= i + within; j++) {
          const u = tokens[j]!;
          if (u.kind === TokenKind.Punct && u.norm !== ',') break;
          if (u.kind === TokenKind.Word && rule.then.has(u.norm)) {
            last = j;
            break;
          }
        }
        if (last < 0) continue;
      }
      const signal: CueSignal = rule.signal;
      if (signal === 'gratitude' && sarcastic) continue;
      matchedEnds ??= new Map();
      if (matchedEnds.get(rule.id) === last) continue;
      matchedEnds.set(rule.id, last);
      const start = rule.requireNegated ? negatorStart(tokens, facts, i) : t.start;
      evidence.push(span(text, start, tokens[last]!.end, rule.id, signal));
      if (signal === 'escalation') escalation = true;
      else if (signal === 'churn') churn = true;
      else raise(signal, rule.weight ?? 0.7);
    }
  }

  // shouting and repeated "!" make negative messages angrier and more urgent
  if (polarity < -0.3) {
    let caps = 0;
    let bangs = 0;
    for (const t of tokens) {
      if (t.kind === TokenKind.Word && t.caps && t.end - t.start > 2) caps++;
      else if (t.kind === TokenKind.Punct && t.norm.indexOf('!') !== t.norm.lastIndexOf('!')) bangs++;
    }
    if (caps >= 2 || bangs > 0) {
      const lift = caps >= 2 && bangs > 0 ? 0.25 : 0.15;
      raise('frustration', Math.min(1, Math.max(scores.frustration ?? 0, 0.4) + lift));
      if (scores.anger !== undefined) raise('anger', Math.min(1, scores.anger + lift));
    }
  }
  if (scores.anger !== undefined) raise('frustration', 0.8 * scores.anger);

  const emotions: Partial<Record<Emotion, number>> = {};
  for (const emotion of raised) {
    const v = scores[emotion]!;
    if (v >= 0.5) emotions[emotion] = Math.round(v * 1000) / 1000;
  }
  return { emotions, escalation, churn };
}

function negatedAt(tokens: readonly Token[], facts: readonly WordFacts[], i: number): boolean {
  for (let back = 1; back <= 3 && i - back >= 0; back++) {
    if (tokens[i - back]!.kind !== TokenKind.Word) return false;
    if (facts[i - back]!.negator) return true;
  }
  return false;
}

function negatorStart(tokens: readonly Token[], facts: readonly WordFacts[], i: number): number {
  // facts of a token that is not a word never say negator
  for (let back = 1; back <= 3 && i - back >= 0; back++)
    if (facts[i - back]!.negator) return tokens[i - back]!.start;
  return tokens[i]!.start;
}
