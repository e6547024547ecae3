import type { TopicTaxonomy } from '@vigil/core';
import { tokenize } from '../text/tokenize';
import { stem } from '../text/stem';
import {
  DEFAULT_FEATURE_OPTIONS,
  featureKeys,
  forEachFeature,
  type FeatureOptions,
  type SegmentToken,
} from './features';

/**
 * The compiled form of a taxonomy: a sparse TF-IDF space over the examples' features and a
 * multinomial logistic regression (softmax) trained on the examples, plus an extra, feature-less
 * "no topic" class whose fixed logit absorbs texts with weak evidence. Compiling happens once per
 * taxonomy version (see getModel); scoring a message is a sparse dot product.
 *
 * Why a trained linear model rather than cosine to centroids: on intent data the centroid of a
 * topic is dominated by words every topic shares ("card", "account"), while the softmax learns which
 * features separate neighbouring topics ("arrive" for card delivery versus "activate"). The cost at
 * scoring time is the same sparse pass; compile time is a second or two even for 77 topics and
 * thousands of examples, milliseconds for a typical taxonomy.
 */
export interface TopicModel {
  version: string;
  keys: string[];
  labels: string[];
  vocab: Map<string, number>;
  idf: Float32Array;
  /** idf given to features never seen in the examples: they still count in a text's length. */
  unknownIdf: number;
  /** Weights, feature-major: W[f * (K + 1) + k]; column K is the "no topic" class. */
  W: Float32Array;
  bias: Float32Array;
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
  /** Passes over the examples; small taxonomies get more (at least minUpdates example updates). */
  epochs: number;
  minUpdates: number;
  learningRate: number;
  l2: number;
  /** Fixed logit of the "no topic" class (probability mass for texts with weak evidence). */
  noneLogit: number;
  /** Added to a topic's logit for each of its keyword phrases found in the text. */
  keywordBoost: number;
  seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = {
  epochs: 12,
  learningRate: 0.2,
  l2: 1e-6,
  noneLogit: 0,
  minUpdates: 30_000,
  keywordBoost: 3,
  seed: 7,
};

export interface SparseVector {
  ids: number[];
  values: number[];
  /** For each entry, the token range of its first occurrence (for evidence). */
  first: number[];
  last: number[];
}

export function vectorize(
  model: Pick<TopicModel, 'vocab' | 'idf' | 'unknownIdf' | 'features'>,
  tokens: readonly SegmentToken[],
): SparseVector {
  const slot = new Map<number, number>();
  const ids: number[] = [];
  const counts: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  let unknown: Set<string> | null = null;
  forEachFeature(tokens, model.features, (key, f, l) => {
    const id = model.vocab.get(key);
    if (id === undefined) {
      (unknown ??= new Set()).add(key);
      return;
    }
    const s = slot.get(id);
    if (s !== undefined) {
      counts[s]!++;
      return;
    }
    slot.set(id, ids.length);
    ids.push(id);
    counts.push(1);
    first.push(f);
    last.push(l);
  });
  const u = unknown === null ? 0 : (unknown as Set<string>).size;
  let norm = u * model.unknownIdf * model.unknownIdf;
  const values = counts;
  for (let i = 0; i < ids.length; i++) {
    const v = (1 + Math.log(counts[i]!)) * model.idf[ids[i]!]!;
    values[i] = v;
    norm += v * v;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < values.length; i++) values[i]! *= inv;
  }
  return { ids, values, first, last };
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
  const docs: { topic: number; keys: string[] }[] = [];
  taxonomy.topics.forEach((t, k) => {
    const texts = [...t.examples, ...t.keywords, t.label];
    for (const text of texts) {
      const keys = featureKeys(tokenize(text), features);
      if (keys.length) docs.push({ topic: k, keys });
    }
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
  for (let i = 0; i < V; i++) idf[i] = Math.log((N + 1) / (dfList[i]! + 1)) + 1;
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

  // Softmax regression over K topics + the "no topic" class (column K: learned weights from the
  // background examples, bias fixed at noneLogit), AdaGrad SGD, deterministic shuffling.
  const S = K + 1;
  const W = new Float32Array(V * S);
  const G = new Float32Array(V * S);
  const bias = new Float32Array(S);
  bias[K] = training.noneLogit;
  const Gb = new Float32Array(S);
  const rand = mulberry32(training.seed);
  const order = X.map((_, i) => i);
  const z = new Float64Array(S);
  const eps = 1e-8;
  const lr = training.learningRate;
  const epochs = Math.min(
    400,
    Math.max(training.epochs, Math.ceil(training.minUpdates / Math.max(1, X.length))),
  );
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const tmp = order[i]!;
      order[i] = order[j]!;
      order[j] = tmp;
    }
    for (const idx of order) {
      const x = X[idx]!;
      for (let k = 0; k < S; k++) z[k] = bias[k]!;
      for (let j = 0; j < x.ids.length; j++) {
        const off = x.ids[j]! * S;
        const v = x.values[j]!;
        for (let k = 0; k < S; k++) z[k]! += v * W[off + k]!;
      }
      let max = -Infinity;
      for (let k = 0; k < S; k++) if (z[k]! > max) max = z[k]!;
      let sum = 0;
      for (let k = 0; k < S; k++) {
        z[k] = Math.exp(z[k]! - max);
        sum += z[k]!;
      }
      for (let k = 0; k < S; k++) {
        const g = z[k]! / sum - (k === x.y ? 1 : 0);
        if (k < K) {
          Gb[k]! += g * g;
          bias[k]! -= (lr * g) / Math.sqrt(Gb[k]! + eps);
        }
        for (let j = 0; j < x.ids.length; j++) {
          const w = x.ids[j]! * S + k;
          const gw = g * x.values[j]! + training.l2 * W[w]!;
          G[w]! += gw * gw;
          W[w]! -= (lr * gw) / Math.sqrt(G[w]! + eps);
        }
      }
    }
  }

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
    idf,
    unknownIdf,
    W,
    bias,
    keywords,
    features,
    training,
  };
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
  /** Probability per topic (softmax including the "none" class), length K. */
  probs: Float64Array;
  /** Probability of the "none" class. */
  none: number;
  vector: SparseVector;
  keywordHits: KeywordHit[];
}

export function scoreTokens(model: TopicModel, tokens: readonly SegmentToken[]): SegmentScores {
  const K = model.keys.length;
  const S = K + 1;
  const vector = vectorize(model, tokens);
  const keywordHits = findKeywords(model, tokens);
  const probs = new Float64Array(K);
  if (vector.ids.length === 0 && keywordHits.length === 0) {
    // Nothing the taxonomy knows: certainly no topic.
    return { probs, none: 1, vector, keywordHits };
  }
  const z = new Float64Array(S);
  for (let k = 0; k < S; k++) z[k] = model.bias[k]!;
  for (let j = 0; j < vector.ids.length; j++) {
    const off = vector.ids[j]! * S;
    const v = vector.values[j]!;
    for (let k = 0; k < S; k++) z[k]! += v * model.W[off + k]!;
  }
  let lastTopic = -1;
  let lastFirst = -1;
  for (const h of keywordHits) {
    // One boost per topic and place (two keywords of one topic may match the same words).
    if (h.topic === lastTopic && h.first === lastFirst) continue;
    z[h.topic]! += model.training.keywordBoost;
    lastTopic = h.topic;
    lastFirst = h.first;
  }
  let max = -Infinity;
  for (let k = 0; k < S; k++) if (z[k]! > max) max = z[k]!;
  let sum = 0;
  for (let k = 0; k < S; k++) {
    z[k] = Math.exp(z[k]! - max);
    sum += z[k]!;
  }
  for (let k = 0; k < K; k++) probs[k] = z[k]! / sum;
  return { probs, none: z[K]! / sum, vector, keywordHits };
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
