// Trains the English emotion model shipped in
// packages/engine/src/sentiment/data/emotion-model.en.ts: one logistic-regression head per label
// over the analyzer's own features (unstretch and emotionFeatures, imported from the compiled analyzer
// so training and run time see identical features), on the GoEmotions TRAIN split only (Apache-2.0,
// google-research/goemotions). Each head's decision threshold is chosen on out-of-fold predictions
// (5-fold cross-validation within train), then the weights are fitted on all of train; the dev
// split is left for eval/sentiment.eval.mjs.
//
//   npx tsc -b packages/engine && node packages/engine/scripts/train-emotions.mjs
//
// Deterministic: fixed seed, fixed order. Takes about half a minute on 2 cores (six fits).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const datasets = process.env.VIGIL_DATASETS ?? path.resolve(repo, '..', 'shared', 'datasets');
const require = createRequire(import.meta.url);
const dist = path.join(repo, 'packages', 'engine', 'dist', 'sentiment');
const { tokenize } = require(path.join(dist, 'tokenize.js'));
const { emotionFeatures } = require(path.join(dist, 'features.js'));
const { unstretch } = require(path.join(dist, 'score-text.js'));
const { EMOTICON_SET } = require(path.join(dist, 'symbols.js'));
const { en } = require(path.join(dist, 'lang', 'en.js'));

const EPOCHS = Number(process.env.EPOCHS ?? 2);
const LEARNING_RATE = Number(process.env.LR ?? 0.2);
const L2 = Number(process.env.L2 ?? 0.03);
const FOLDS = Number(process.env.FOLDS ?? 5);
const MIN_DOC_FREQ = Number(process.env.MIN_DF ?? 3);
const PRUNE = Number(process.env.PRUNE ?? 0.03);

const dir = path.join(datasets, 'goemotions');
const labelNames = readFileSync(path.join(dir, 'labels.txt'), 'utf8').split(/\r?\n/).filter(Boolean);
const ekman = JSON.parse(readFileSync(path.join(dir, 'ekman_mapping.json'), 'utf8'));
const sentimentGroups = JSON.parse(readFileSync(path.join(dir, 'sentiment_dict.json'), 'utf8'));

/** Heads: the GoEmotions labels the analyzer maps to its emotions, Ekman groups, sentiment groups. */
const HEADS = [
  ['anger', ['anger']],
  ['annoyance', ['annoyance']],
  ['confusion', ['confusion']],
  ['gratitude', ['gratitude']],
  ['disappointment', ['disappointment']],
  ...Object.entries(ekman).map(([group, labels]) => [`ekman.${group}`, labels]),
  ['ekman.neutral', ['neutral']],
  ['sentiment.positive', sentimentGroups.positive],
  ['sentiment.negative', sentimentGroups.negative],
];
const H = HEADS.length;

function load(split) {
  const rows = [];
  for (const line of readFileSync(path.join(dir, `${split}.tsv`), 'utf8').split(/\r?\n/)) {
    if (!line) continue;
    const [text, ids, id] = line.split('\t');
    const labels = new Set(ids.split(',').map((i) => labelNames[Number(i)]));
    const y = new Uint8Array(H);
    HEADS.forEach(([, members], k) => (y[k] = members.some((l) => labels.has(l)) ? 1 : 0));
    rows.push({ id, features: emotionFeatures(unstretch(tokenize(text, EMOTICON_SET), en), en), y });
  }
  return rows;
}

// folds of TRAIN by a stable hash of the comment id
const hash = (s) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};
const all = load('train');

/**
 * Logistic regression, all heads at once, AdaGrad with L2 on the touched weights. Each binary
 * feature is scaled per head by its naive-Bayes log-count ratio |log(p(f|label) / p(f|no label))|
 * (Wang & Manning 2012, "NBSVM"), so the L2 penalty holds back uninformative words more than
 * telling ones; the shipped weight is the scaled one, so run time is a plain sum of weights.
 */
function train(rows) {
  // vocabulary: features seen in at least MIN_DOC_FREQ training documents
  const df = new Map();
  for (const r of rows) for (const f of new Set(r.features)) df.set(f, (df.get(f) ?? 0) + 1);
  const vocab = [...df.entries()]
    .filter(([, n]) => n >= MIN_DOC_FREQ)
    .map(([f]) => f)
    .sort();
  const index = new Map(vocab.map((f, i) => [f, i]));
  const encode = (r) => r.features.map((f) => index.get(f)).filter((i) => i !== undefined);
  const xs = rows.map(encode);

  const V = vocab.length;
  const ratio = new Float64Array(V * H);
  const withLabel = new Float64Array(V * H);
  const without = new Float64Array(V * H);
  const positives = new Float64Array(H);
  rows.forEach((r, i) => {
    for (let k = 0; k < H; k++) positives[k] += r.y[k];
    for (const f of new Set(xs[i])) for (let k = 0; k < H; k++) (r.y[k] ? withLabel : without)[f * H + k]++;
  });
  let mean = 0;
  for (let f = 0; f < V; f++) {
    for (let k = 0; k < H; k++) {
      const p = (withLabel[f * H + k] + 1) / (positives[k] + 2);
      const q = (without[f * H + k] + 1) / (rows.length - positives[k] + 2);
      ratio[f * H + k] = Math.abs(Math.log(p / q));
      mean += ratio[f * H + k];
    }
  }
  mean /= V * H;
  for (let w = 0; w < ratio.length; w++) ratio[w] /= mean;

  const W = new Float64Array(V * H);
  const G = new Float64Array(V * H).fill(1e-8);
  const bias = new Float64Array(H);
  const biasG = new Float64Array(H).fill(1e-8);
  let seed = 42;
  const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
  const order = rows.map((_, i) => i);
  const z = new Float64Array(H);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const o of order) {
      const r = rows[o];
      const x = xs[o];
      z.set(bias);
      for (const f of x) for (let k = 0; k < H; k++) z[k] += W[f * H + k] * ratio[f * H + k];
      for (let k = 0; k < H; k++) {
        const p = 1 / (1 + Math.exp(-z[k]));
        const g = p - r.y[k];
        biasG[k] += g * g;
        bias[k] -= (LEARNING_RATE * g) / Math.sqrt(biasG[k]);
        for (const f of x) {
          const w = f * H + k;
          const gw = g * ratio[w] + L2 * W[w];
          G[w] += gw * gw;
          W[w] -= (LEARNING_RATE * gw) / Math.sqrt(G[w]);
        }
      }
    }
  }
  // the shipped weights: scaled, small ones pruned, rounded
  for (let w = 0; w < W.length; w++) {
    const v = W[w] * ratio[w];
    W[w] = Math.abs(v) < PRUNE ? 0 : Math.round(v * 1000) / 1000;
  }
  for (let k = 0; k < H; k++) bias[k] = Math.round(bias[k] * 1000) / 1000;
  const predict = (r) => {
    const out = Float64Array.from(bias);
    for (const f of encode(r)) for (let k = 0; k < H; k++) out[k] += W[f * H + k];
    return out.map((v) => 1 / (1 + Math.exp(-v)));
  };
  return { vocab, W, bias, predict };
}

// thresholds: each head's F1-optimal probability on out-of-fold predictions (FOLDS-fold
// cross-validation within TRAIN), then the shipped weights are fitted on all of TRAIN
const oof = new Array(all.length);
for (let fold = 0; fold < FOLDS; fold++) {
  const inFold = (r) => hash(r.id) % FOLDS === fold;
  const model = train(all.filter((r) => !inFold(r)));
  all.forEach((r, i) => {
    if (inFold(r)) oof[i] = model.predict(r);
  });
  console.log(`fold ${fold + 1}/${FOLDS} done`);
}
const oofF1 = [];
const thresholds = HEADS.map((_, k) => {
  let best = { t: 0.5, f1: -1 };
  for (let t = 0.04; t <= 0.9; t += 0.01) {
    let tp = 0,
      fp = 0,
      fn = 0;
    all.forEach((r, i) => {
      const yes = oof[i][k] >= t;
      if (yes && r.y[k]) tp++;
      else if (yes) fp++;
      else if (r.y[k]) fn++;
    });
    const f1 = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
    if (f1 > best.f1) best = { t: Math.round(t * 100) / 100, f1 };
  }
  console.log(
    `${HEADS[k][0].padEnd(20)} threshold ${best.t.toFixed(2)}  out-of-fold F1 ${best.f1.toFixed(3)}`,
  );
  oofF1[k] = best.f1;
  return best.t;
});
const ekmanF1 = Object.keys(ekman).map((g) => oofF1[HEADS.findIndex(([h]) => h === `ekman.${g}`)]);
console.log(`Ekman macro-F1 (6 groups), out of fold: ${(ekmanF1.reduce((a, b) => a + b, 0) / 6).toFixed(4)}`);
const { vocab, W, bias } = train(all);

const num = (v) => (v === 0 ? '' : String(Number(v.toFixed(3))));
const lines = [
  ['heads', ...HEADS.map(([h]) => h)].join('\t'),
  ['bias', ...[...bias].map((b) => String(Number(b.toFixed(3))))].join('\t'),
  ['threshold', ...thresholds.map(String)].join('\t'),
];
let kept = 0;
vocab.forEach((f, i) => {
  const row = [];
  let any = false;
  for (let k = 0; k < H; k++) {
    const v = W[i * H + k];
    if (v !== 0) any = true;
    row.push(num(v));
  }
  if (any && !f.includes('\t') && !f.includes('\n')) {
    lines.push(`${f}\t${row.join('\t')}`);
    kept++;
  }
});

const out = `// GENERATED by packages/engine/scripts/train-emotions.mjs: do not edit by hand.
// Logistic-regression weights learnt from the GoEmotions train split (Demszky et al., ACL 2020;
// https://github.com/google-research/goemotions, Apache-2.0; see LICENSE-GOEMOTIONS.txt). No text
// from the data set is stored here: only feature names (single lower-cased words, emoji, "NOT_" +
// word) that occur in at least ${MIN_DOC_FREQ} comments, and their weights. ${kept} features x ${H} heads.
// Settings: naive-Bayes-scaled features, epochs ${EPOCHS}, learning rate ${LEARNING_RATE}, L2 ${L2},
// pruned below |${PRUNE}|, thresholds from ${FOLDS}-fold cross-validation on train.
export const EMOTION_MODEL_EN_TSV: string =
  ${JSON.stringify(lines.join('\n'))};
`;
const target = path.join(repo, 'packages', 'engine', 'src', 'sentiment', 'data', 'emotion-model.en.ts');
writeFileSync(target, out);
console.log(`wrote ${target}: ${kept} features, ${(out.length / 1024).toFixed(0)} KiB`);
