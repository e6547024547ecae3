import type { TopicTaxonomy } from '@vigil/contracts';
import { tokenize } from '../text/tokenize';
import { stem } from '../text/stem';
import {
  DEFAULT_FEATURE_OPTIONS,
  FeatureIndex,
  featureKeys,
  featureWeight,
  type FeatureOptions,
  type SegmentToken,
} from './features';

/**
 * The compiled form of a taxonomy: a sparse TF-IDF space over the examples' features and one linear
 * support vector machine per topic (one-versus-rest, squared hinge loss), plus one for "no topic"
 * trained on BACKGROUND_EXAMPLES. Compiling happens once per taxonomy version (see getModel); scoring
 * a message is one sparse pass over the weights.
 *
 * Why a trained linear model rather than cosine to centroids: on intent data the centroid of a
 * topic is dominated by words every topic shares ("card", "account"), while a discriminative model
 * learns which features separate neighbouring topics ("arrive" for card delivery versus "activate").
 * Why a max-margin model rather than the softmax regression used before: with the same features it
 * ranked the right topic first more often (BANKING77, see eval/RESULTS-topics.md), and its dual
 * coordinate descent converges in about a dozen passes, so compiling stays a second or two for 77
 * topics and thousands of examples, milliseconds for a typical taxonomy.
 *
 * Confidence: the margins z_k are turned into probabilities by a softmax with a fixed scale, over the
 * topics and two "no topic" terms: the background model's margin, and a fixed margin (noneMargin)
 * that a topic must clearly exceed. A text whose best margin is far below that boundary (nothing
 * like any topic's examples) gets most of its mass as "none"; one far above it gets a confident
 * topic; close neighbours share the mass between them. Before the softmax, the margins are calibrated
 * to how much evidence the taxonomy gives (see calibrate), so that a sparse taxonomy's topics are not
 * out-voted by "none".
 */
export interface TopicModel {
  version: string;
  keys: string[];
  labels: string[];
  vocab: Map<string, number>;
  /** The vocabulary indexed for scoring (see FeatureIndex). */
  index: FeatureIndex;
  /** idf times the feature kind's weight (see featureWeight), by feature id. */
  idf: Float32Array;
  /** idf given to features never seen in the examples: they still count in a text's length. */
  unknownIdf: number;
  /** Margins' weights, feature-major: W[f * (K + 1) + k]; column K is the "no topic" model. */
  W: Float32Array;
  bias: Float32Array;
  /**
   * Calibration for how much evidence the taxonomy gives (see calibrate): topic margins z become
   * center + gain * (z - center), and bgOffset is added to the background model's margin.
   */
  center: number;
  gain: number;
  bgOffset: number;
  /** Keyword phrases by their first stem. */
  keywords: Map<string, KeywordPhrase[]>;
  features: FeatureOptions;
  training: TrainingOptions;
}

/**
 * Things customers say in every service conversation that are no topic at all: greetings, thanks,
 * small talk, acknowledgements. They train the "no topic" class, so that "thank you so much" does not
 * lean towards "how much does it cost". Our own wording; shipped with the code, not configurable.
 */
export const BACKGROUND_EXAMPLES: readonly string[] = [
  'hello',
  'hi there',
  'hey',
  'good morning',
  'good afternoon',
  'good evening',
  'hello, is anyone there?',
  'how are you today',
  'I hope you are well',
  'nice to meet you',
  'thank you',
  'thanks a lot',
  'thank you so much',
  'thanks, bye',
  'many thanks for your help',
  'that is all, thank you',
  'you have been very helpful',
  'great, thanks',
  'ok',
  'okay then',
  'yes',
  'yes please',
  'no thanks',
  'no, that is everything',
  'sure',
  'alright',
  'got it',
  'I see',
  'one moment please',
  'please wait a second',
  'sorry, I was away',
  'can you hear me',
  'are you a robot?',
  'are you still there?',
  'I have a question',
  'can you help me with something',
  'I need some help',
  'goodbye',
  'bye',
  'have a nice day',
  'you too',
  'see you',
  'what is the weather like',
  'tell me a joke',
  'what time is it',
  'lol',
  'hmm',
  'never mind',
  'that makes sense',
  'perfect',
  'awesome',
  'cool',
  'wonderful, have a good one',
];

export interface KeywordPhrase {
  topic: number;
  stems: string[];
  phrase: string;
}

export interface TrainingOptions {
  /** SVM cost: larger fits the examples more closely, smaller keeps the margins wider. */
  C: number;
  /** Value of the constant feature that gives each model its bias (0: no bias). */
  biasFeature: number;
  /** Passes over the examples at most; training stops earlier once the margins have settled. */
  maxPasses: number;
  /** Stopping tolerance on the projected gradient (liblinear's default for the dual is 0.1). */
  tolerance: number;
  /** Scale from margins to logits (how sharp the confidence is). */
  scale: number;
  /** Fixed margin of "no topic": a topic whose margin is well below it gets little confidence. */
  noneMargin: number;
  /** Added to a topic's margin for each of its keyword phrases found in the text. */
  keywordBoost: number;
  /**
   * Expected margin of an unseen text of a topic above the topics' mean bias, estimated from the
   * examples' approximate leave-one-out margins m as liftA + liftB * m (fitted on BANKING77 with
   * 5, 10, 30 and 50 % of the examples per intent; see calibrate).
   */
  liftA: number;
  liftB: number;
  /** That expected margin for a well-stocked taxonomy (BANKING77, 65 examples per intent). */
  liftRef: number;
  /** Margins are stretched by (liftRef / expected)^gainPower, at least 1, at most gainMax. */
  gainPower: number;
  gainMax: number;
  /** The background model's margin is lowered by bgShift * (1 - expected / liftRef), at least 0. */
  bgShift: number;
  seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = {
  C: 1,
  biasFeature: 1,
  maxPasses: 40,
  tolerance: 0.1,
  scale: 12,
  noneMargin: -0.5,
  keywordBoost: 0.5,
  liftA: 1.028,
  liftB: 0.644,
  liftRef: 1.3,
  gainPower: 0.15,
  gainMax: 2,
  bgShift: 0.6,
  seed: 7,
};

export interface SparseVector {
  ids: number[];
  values: number[];
  /** For each entry, the token range of its first occurrence (for evidence). */
  first: number[];
  last: number[];
  /** For each entry: a pair of words (first and last), not the range between them. */
  pair: boolean[];
}

/**
 * The vector being built: where each feature id sits (one array slot per vocabulary entry, valid only
 * where `seen` holds the current pass's number, so nothing is cleared between calls) and the features
 * met so far, in order. Replaces a Map per call (its inserts and lookups were a tenth of the topic
 * model's time) and lists grown feature by feature (most of the topic model's garbage); vectorize is
 * synchronous, so one scratch space per process is enough, and the vector it returns is copied out
 * at its final size.
 */
interface VectorScratch {
  slot: Int32Array;
  seen: Uint32Array;
  pass: number;
  ids: Int32Array;
  counts: Int32Array;
  values: Float64Array;
  first: Int32Array;
  last: Int32Array;
  pair: Uint8Array;
}
const emptyScratch = (size: number): VectorScratch => ({
  slot: new Int32Array(size),
  seen: new Uint32Array(size),
  pass: 0,
  ids: new Int32Array(size),
  counts: new Int32Array(size),
  values: new Float64Array(size),
  first: new Int32Array(size),
  last: new Int32Array(size),
  pair: new Uint8Array(size),
});
let scratch = emptyScratch(0);
function scratchFor(size: number): VectorScratch {
  if (scratch.slot.length < size) scratch = emptyScratch(size);
  scratch.pass++;
  if (scratch.pass === 0xffffffff) {
    scratch.seen.fill(0);
    scratch.pass = 1;
  }
  return scratch;
}

/**
 * Builds the tf-idf vector of the tokens in the scratch space (its first n entries, n returned): what
 * scoreTokens multiplies without keeping it, and vectorize copies out.
 */
function vectorInScratch(
  model: Pick<TopicModel, 'index' | 'idf' | 'unknownIdf'>,
  tokens: readonly SegmentToken[],
): number {
  const s = scratchFor(model.idf.length);
  const { slot, seen, pass } = s;
  let n = 0;
  const unknown = model.index.visit(tokens, (id, f, l, p) => {
    if (seen[id] === pass) {
      s.counts[slot[id]!]!++;
      return;
    }
    seen[id] = pass;
    slot[id] = n;
    s.ids[n] = id;
    s.counts[n] = 1;
    s.first[n] = f;
    s.last[n] = l;
    s.pair[n] = p ? 1 : 0;
    n++;
  });
  let norm = unknown * model.unknownIdf * model.unknownIdf;
  const idf = model.idf;
  for (let i = 0; i < n; i++) {
    const v = (1 + Math.log(s.counts[i]!)) * idf[s.ids[i]!]!;
    s.values[i] = v;
    norm += v * v;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < n; i++) s.values[i]! *= inv;
  }
  return n;
}

export function vectorize(
  model: Pick<TopicModel, 'index' | 'idf' | 'unknownIdf'>,
  tokens: readonly SegmentToken[],
): SparseVector {
  const n = vectorInScratch(model, tokens);
  const ids = new Array<number>(n);
  const values = new Array<number>(n);
  const first = new Array<number>(n);
  const last = new Array<number>(n);
  const pair = new Array<boolean>(n);
  for (let i = 0; i < n; i++) {
    ids[i] = scratch.ids[i]!;
    values[i] = scratch.values[i]!;
    first[i] = scratch.first[i]!;
    last[i] = scratch.last[i]!;
    pair[i] = scratch.pair[i] === 1;
  }
  return { ids, values, first, last, pair };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function stemPhrase(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.stem);
}

export function compileTaxonomy(
  taxonomy: TopicTaxonomy,
  features: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
  training: TrainingOptions = DEFAULT_TRAINING,
): TopicModel {
  const K = taxonomy.topics.length;
  const keys = taxonomy.topics.map((t) => t.key);
  const labels = taxonomy.topics.map((t) => t.label);

  // Training documents: examples, keywords (as short documents) and the label itself.
  const docs: { topic: number; keys: string[]; example?: boolean }[] = [];
  taxonomy.topics.forEach((t, k) => {
    const texts = [...t.examples, ...t.keywords, t.label];
    texts.forEach((text, j) => {
      const keys = featureKeys(tokenize(text), features);
      if (keys.length) docs.push({ topic: k, keys, example: j < t.examples.length });
    });
  });

  for (const text of BACKGROUND_EXAMPLES)
    docs.push({ topic: K, keys: featureKeys(tokenize(text), features) });

  const vocab = new Map<string, number>();
  const dfList: number[] = [];
  for (const d of docs) {
    const seen = new Set<string>();
    for (const key of d.keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      let id = vocab.get(key);
      if (id === undefined) {
        id = vocab.size;
        vocab.set(key, id);
        dfList.push(0);
      }
      dfList[id]!++;
    }
  }
  const N = docs.length;
  const V = vocab.size;
  const idf = new Float32Array(V);
  for (const [key, i] of vocab)
    idf[i] = (Math.log((N + 1) / (dfList[i]! + 1)) + 1) * featureWeight(key, features);
  const unknownIdf = Math.log(N + 1) + 1;

  const X: { ids: Int32Array; values: Float32Array; y: number }[] = docs.map((d) => {
    // Rebuild from keys (no token positions needed for training).
    const counts = new Map<number, number>();
    for (const key of d.keys) {
      const id = vocab.get(key)!;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const ids = new Int32Array(counts.size);
    const values = new Float32Array(counts.size);
    let i = 0;
    let norm = 0;
    for (const [id, c] of counts) {
      const v = (1 + Math.log(c)) * idf[id]!;
      ids[i] = id;
      values[i] = v;
      norm += v * v;
      i++;
    }
    const inv = 1 / Math.sqrt(norm || 1);
    for (let j = 0; j < values.length; j++) values[j]! *= inv;
    return { ids, values, y: d.topic };
  });

  const { W, bias, alpha } = trainSvm(X, V, K + 1, training);
  const { center, gain, bgOffset } = calibrate(X, docs, W, bias, alpha, K, training);

  const keywords = new Map<string, KeywordPhrase[]>();
  taxonomy.topics.forEach((t, k) => {
    for (const phrase of t.keywords) {
      const stems = stemPhrase(phrase);
      if (!stems.length) continue;
      const list = keywords.get(stems[0]!) ?? [];
      list.push({ topic: k, stems, phrase });
      keywords.set(stems[0]!, list);
    }
  });

  return {
    version: taxonomy.version,
    keys,
    labels,
    vocab,
    index: new FeatureIndex(vocab, features),
    idf,
    unknownIdf,
    W,
    bias,
    center,
    gain,
    bgOffset,
    keywords,
    features,
    training,
  };
}

/**
 * How much evidence does the taxonomy give? With 65 examples per topic an unseen text of a topic has a
 * margin well above the topics' biases; with 5 or 10 examples (the default taxonomy, topics adopted
 * from discovery) all margins are squeezed towards the bias (on BANKING77, the median margin of the
 * right topic is about 1.3 above the bias with 65 examples, 0.5 with 5). The "no topic" terms do not
 * shrink with them: the fixed margin is fixed, and the background model is trained on the same
 * small talk whatever the taxonomy. So with a sparse taxonomy a text that opens with "Hi, hope you
 * are well" and then asks something real was given to "none". The squeeze is measured on the
 * examples themselves: the median over examples of an approximate leave-one-out margin for their own
 * topic (the margin minus the example's own contribution, alpha * ||x||^2, which overstates the loss
 * but tracks it: fitted to the held-out medians with liftA, liftB). From it, a gain that stretches
 * the topics' margins about their mean bias (texts near the bias, unlike every topic, stay near it)
 * and an offset that lowers the background model. For a well-stocked taxonomy both are neutral
 * (gain 1, offset 0); for the default taxonomy the gain is about 1.14 and the offset about -0.35.
 * Cost: one pass over the examples.
 */
function calibrate(
  X: readonly { ids: Int32Array; values: Float32Array; y: number }[],
  docs: readonly { example?: boolean }[],
  W: Float32Array,
  bias: Float32Array,
  alpha: Float64Array,
  K: number,
  training: TrainingOptions,
): { center: number; gain: number; bgOffset: number } {
  const S = K + 1;
  let center = 0;
  for (let k = 0; k < K; k++) center += bias[k]!;
  center = K ? center / K : 0;
  const lifts: number[] = [];
  const B2 = training.biasFeature * training.biasFeature;
  X.forEach((x, i) => {
    if (!docs[i]!.example) return;
    const y = x.y;
    let z = 0;
    let q = B2;
    for (let j = 0; j < x.ids.length; j++) {
      const v = x.values[j]!;
      z += v * W[x.ids[j]! * S + y]!;
      q += v * v;
    }
    lifts.push(z - alpha[i * S + y]! * q); // bias left out: the lift above it
  });
  // No examples (keywords and labels only): nothing to measure, so no calibration.
  if (lifts.length === 0) return { center, gain: 1, bgOffset: 0 };
  lifts.sort((a, b) => a - b);
  const lift = lifts[Math.floor(lifts.length / 2)]!;
  const expected = training.liftA + training.liftB * lift;
  // r >= 1: how many times less the examples lift an unseen text than in a well-stocked taxonomy.
  const r = expected > 0 ? Math.max(1, training.liftRef / expected) : Infinity;
  const gain = Math.min(training.gainMax, Math.pow(r, training.gainPower));
  return { center, gain, bgOffset: -training.bgShift * (1 - 1 / r) };
}

/**
 * One-versus-rest linear SVMs with the squared hinge loss and a bias, all S of them at once, by dual
 * coordinate descent (Hsieh et al., 2008, as in liblinear). All margins of an example are computed in
 * one pass over its features (the weights are feature-major, so the S weights of a feature are
 * adjacent), and only the models whose dual variable moved are updated.
 */
function trainSvm(
  X: readonly { ids: Int32Array; values: Float32Array; y: number }[],
  V: number,
  S: number,
  training: TrainingOptions,
): { W: Float32Array; bias: Float32Array; alpha: Float64Array } {
  const N = X.length;
  const D = 0.5 / training.C;
  const B = training.biasFeature;
  const noBias = S - 1;
  const W = new Float64Array(V * S);
  const bias = new Float64Array(S);
  const alpha = new Float64Array(N * S);
  const z = new Float64Array(S);
  const delta = new Float64Array(S);
  const moved = new Int32Array(S);
  const Q = new Float64Array(N);
  X.forEach((x, i) => {
    let q = B * B + D; // the bias is a constant feature of value B
    for (const v of x.values) q += v * v;
    Q[i] = q;
  });
  const rand = mulberry32(training.seed);
  const order = X.map((_, i) => i);
  for (let pass = 0; pass < training.maxPasses; pass++) {
    for (let i = N - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const tmp = order[i]!;
      order[i] = order[j]!;
      order[j] = tmp;
    }
    let pgMax = -Infinity;
    let pgMin = Infinity;
    for (const i of order) {
      const x = X[i]!;
      const ids = x.ids;
      const values = x.values;
      for (let k = 0; k < S; k++) z[k] = bias[k]!;
      for (let j = 0; j < ids.length; j++) {
        const off = ids[j]! * S;
        const v = values[j]!;
        for (let k = 0; k < S; k++) z[k]! += v * W[off + k]!;
      }
      let n = 0;
      const a0 = i * S;
      for (let k = 0; k < S; k++) {
        const y = x.y === k ? 1 : -1;
        const a = alpha[a0 + k]!;
        const g = y * z[k]! - 1 + a * D;
        const pg = a === 0 ? Math.min(g, 0) : g;
        if (pg > pgMax) pgMax = pg;
        if (pg < pgMin) pgMin = pg;
        if (pg === 0) continue;
        // The "no topic" model (the last) has no bias: what it has not seen is not small talk.
        const q = k === noBias ? Q[i]! - B * B : Q[i]!;
        const next = Math.max(a - g / q, 0);
        alpha[a0 + k] = next;
        const d = (next - a) * y;
        if (d === 0) continue;
        if (k !== noBias) bias[k]! += d * B * B;
        delta[n] = d;
        moved[n++] = k;
      }
      if (n === 0) continue;
      for (let j = 0; j < ids.length; j++) {
        const off = ids[j]! * S;
        const v = values[j]!;
        for (let c = 0; c < n; c++) W[off + moved[c]!]! += delta[c]! * v;
      }
    }
    if (pgMax - pgMin <= training.tolerance) break;
  }
  return { W: new Float32Array(W), bias: new Float32Array(bias), alpha };
}

export interface KeywordHit {
  topic: number;
  first: number;
  last: number;
}

export function findKeywords(model: TopicModel, tokens: readonly SegmentToken[]): KeywordHit[] {
  const hits: KeywordHit[] = [];
  if (model.keywords.size === 0) return hits;
  for (let i = 0; i < tokens.length; i++) {
    const cands = model.keywords.get(tokens[i]!.stem);
    if (!cands) continue;
    for (const c of cands) {
      if (i + c.stems.length > tokens.length) continue;
      let ok = true;
      for (let j = 1; j < c.stems.length; j++) {
        if (tokens[i + j]!.stem !== c.stems[j]) {
          ok = false;
          break;
        }
      }
      const last = i + c.stems.length - 1;
      if (!ok || tokens[last]!.message !== tokens[i]!.message) continue;
      if (!hits.some((h) => h.topic === c.topic && h.first <= i && last <= h.last))
        hits.push({ topic: c.topic, first: i, last });
    }
  }
  return hits;
}

export interface SegmentScores {
  /** Probability per topic (softmax over the topics and "none", see TopicModel), length K. */
  probs: number[];
  /** Probability of the "none" class. */
  none: number;
  keywordHits: KeywordHit[];
}

/** scoreTokens' logits: read only inside the call, so one array per process serves every call. */
let logits = new Float64Array(0);
function logitScratch(size: number): Float64Array {
  if (logits.length !== size) logits = new Float64Array(size);
  return logits;
}

export function scoreTokens(model: TopicModel, tokens: readonly SegmentToken[]): SegmentScores {
  const K = model.keys.length;
  const S = K + 1;
  // The vector is only multiplied here, not kept: evidence makes it again for the few segments that
  // decide a topic (vectorize).
  const n = vectorInScratch(model, tokens);
  const { ids, values } = scratch;
  const keywordHits = findKeywords(model, tokens);
  // Plain arrays: a small typed array costs several times its arithmetic here to allocate.
  const probs = new Array<number>(K).fill(0);
  if (n === 0 && keywordHits.length === 0) {
    // Nothing the taxonomy knows: certainly no topic.
    return { probs, none: 1, keywordHits };
  }
  const z = logitScratch(S);
  const W = model.W;
  for (let k = 0; k < S; k++) z[k] = model.bias[k]!;
  for (let j = 0; j < n; j++) {
    const off = ids[j]! * S;
    const v = values[j]!;
    for (let k = 0; k < S; k++) z[k]! += v * W[off + k]!;
  }
  const { scale, keywordBoost, noneMargin } = model.training;
  let lastTopic = -1;
  let lastFirst = -1;
  for (const h of keywordHits) {
    // One boost per topic and place (two keywords of one topic may match the same words).
    if (h.topic === lastTopic && h.first === lastFirst) continue;
    z[h.topic]! += keywordBoost;
    lastTopic = h.topic;
    lastFirst = h.first;
  }
  // Calibration for the taxonomy's evidence (see calibrate): the same for every topic, so it never
  // changes which topic ranks first, only how it fares against "none". Keywords are inside the gain:
  // with few examples they count for more.
  const { center, gain } = model;
  if (gain !== 1) for (let k = 0; k < K; k++) z[k] = center + gain * (z[k]! - center);
  z[K]! += model.bgOffset;
  for (let k = 0; k < S; k++) z[k]! *= scale;
  const fixed = scale * noneMargin;
  let max = fixed;
  for (let k = 0; k < S; k++) if (z[k]! > max) max = z[k]!;
  let sum = Math.exp(fixed - max);
  const noneFixed = sum;
  for (let k = 0; k < S; k++) {
    z[k] = Math.exp(z[k]! - max);
    sum += z[k]!;
  }
  for (let k = 0; k < K; k++) probs[k] = z[k]! / sum;
  return { probs, none: (z[K]! + noneFixed) / sum, keywordHits };
}

/** Contribution of each feature to topic k's logit, for evidence: the words that decided it. */
export function contributions(
  model: TopicModel,
  vector: SparseVector,
  k: number,
): { index: number; value: number }[] {
  const S = model.keys.length + 1;
  const out: { index: number; value: number }[] = [];
  for (let j = 0; j < vector.ids.length; j++) {
    const value = vector.values[j]! * model.W[vector.ids[j]! * S + k]!;
    if (value > 0) out.push({ index: j, value });
  }
  return out.sort((a, b) => b.value - a.value);
}

// ---- cache by taxonomy version ------------------------------------------------------------------

const cache = new Map<string, TopicModel>();
const CACHE_LIMIT = 8;

/**
 * The compiled model of a taxonomy, compiled on first use of its version and kept (a few versions,
 * least recently used dropped). A taxonomy whose content changes must change its version.
 */
export function getModel(taxonomy: TopicTaxonomy): TopicModel {
  const hit = cache.get(taxonomy.version);
  if (hit && hit.keys.length === taxonomy.topics.length) {
    cache.delete(taxonomy.version);
    cache.set(taxonomy.version, hit);
    return hit;
  }
  const model = compileTaxonomy(taxonomy);
  cache.set(taxonomy.version, model);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return model;
}

export { stem };
