/**
 * A bag-of-words logistic-regression model with one binary head per label, trained by
 * packages/engine/scripts/train-emotions.mjs on the GoEmotions train split (Apache-2.0). The weights ship as
 * a TSV string (data/emotion-model.en.ts):
 *
 *   heads<TAB>anger<TAB>annoyance...   the head names
 *   bias<TAB>...                       one intercept per head
 *   threshold<TAB>...                  the probability at which each head counts as "present"
 *   <feature><TAB>w1<TAB>w2...          weights, empty for zero
 */
export interface EmotionModel {
  heads: readonly string[];
  bias: Float64Array;
  threshold: Float64Array;
  weights: ReadonlyMap<string, Float32Array>;
}

export function parseEmotionModel(tsv: string): EmotionModel | null {
  if (!tsv) return null;
  const lines = tsv.split('\n');
  const heads = lines[0]!.split('\t').slice(1);
  const row = (line: string): Float64Array =>
    Float64Array.from(line.split('\t').slice(1), (v) => (v ? Number(v) : 0));
  const bias = row(lines[1]!);
  const threshold = row(lines[2]!);
  const weights = new Map<string, Float32Array>();
  for (let i = 3; i < lines.length; i++) {
    const line = lines[i]!;
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    weights.set(
      line.slice(0, tab),
      Float32Array.from(line.slice(tab + 1).split('\t'), (v) => (v ? Number(v) : 0)),
    );
  }
  return { heads, bias, threshold, weights };
}

/**
 * Probability per head for a message's features; only `heads` (indices) when given, the rest stay 0.
 * `into` (as many entries as heads) is filled and returned instead of a new array: a caller that reads
 * the result before the next call saves allocating a typed array per message.
 */
export function predict(
  model: EmotionModel,
  features: readonly string[],
  heads?: readonly number[],
  into?: Float64Array,
): Float64Array {
  const weights: (Float32Array | undefined)[] = [];
  for (const feature of features) weights.push(model.weights.get(feature));
  return predictFromWeights(model, weights, heads, into);
}

/**
 * As predict, given each feature's weights (undefined for a feature the model does not know), in the
 * features' order: the sums are made in the same order, so the result is the same to the last bit.
 */
export function predictFromWeights(
  model: EmotionModel,
  weights: readonly (Float32Array | undefined)[],
  heads?: readonly number[],
  into?: Float64Array,
): Float64Array {
  const h = model.bias.length;
  const z = into?.length === h ? into.fill(0) : new Float64Array(h);
  const ks = heads ?? ALL[h] ?? (ALL[h] = Array.from({ length: h }, (_, k) => k));
  const n = ks.length;
  for (let j = 0; j < n; j++) z[ks[j]!] = model.bias[ks[j]!]!;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (w === undefined) continue;
    for (let j = 0; j < n; j++) {
      const k = ks[j]!;
      z[k]! += w[k]!;
    }
  }
  for (let j = 0; j < n; j++) z[ks[j]!] = 1 / (1 + Math.exp(-z[ks[j]!]!));
  return z;
}
const ALL: number[][] = [];

/**
 * Maps a head's probability onto [0, 1] so that its decision threshold lands on 0.5: the heads are
 * trained on imbalanced labels, so raw probabilities of rare emotions rarely reach 0.5.
 */
export function calibrate(p: number, threshold: number): number {
  if (p < threshold) return (0.5 * p) / threshold;
  return 0.5 + (0.5 * (p - threshold)) / (1 - threshold);
}
