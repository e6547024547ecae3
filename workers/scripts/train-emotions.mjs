// Trains the English emotion model shipped in
// workers/src/analyzers/sentiment/data/emotion-model.en.ts: one logistic-regression head per label
// over the analyzer's own features (emotionFeatures, imported from the compiled analyzer so training
// and run time see identical features), on the GoEmotions TRAIN split only (Apache-2.0,
// google-research/goemotions). 90% of train fits the weights, the other 10% picks each head's
// decision threshold; the dev split is left for eval/sentiment.eval.mjs.
//
//   npx tsc -b core workers && node workers/scripts/train-emotions.mjs
//
// Deterministic: fixed seed, fixed order. Takes about half a minute on 2 cores.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const datasets = process.env.VIGIL_DATASETS ?? path.resolve(repo, '..', 'shared', 'datasets');
const require = createRequire(import.meta.url);
const dist = path.join(repo, 'workers', 'dist', 'analyzers', 'sentiment');
const { tokenize } = require(path.join(dist, 'tokenize.js'));
const { emotionFeatures } = require(path.join(dist, 'features.js'));
const { EMOTICON_SET } = require(path.join(dist, 'symbols.js'));
const { en } = require(path.join(dist, 'lang', 'en.js'));

const EPOCHS = Number(process.env.EPOCHS ?? 8);
const LEARNING_RATE = Number(process.env.LR ?? 0.2);
const L2 = Number(process.env.L2 ?? 1e-4);
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
    rows.push({ id, features: emotionFeatures(tokenize(text, EMOTICON_SET), en), y });
  }
  return rows;
}

// a stable 90/10 split of TRAIN by comment id
const hash = (s) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};
const all = load('train');
const fit = all.filter((r) => hash(r.id) % 10 !== 0);
const tune = all.filter((r) => hash(r.id) % 10 === 0);

// vocabulary: features seen in at least MIN_DOC_FREQ fitting documents
const df = new Map();
for (const r of fit) for (const f of new Set(r.features)) df.set(f, (df.get(f) ?? 0) + 1);
const vocab = [...df.entries()]
  .filter(([, n]) => n >= MIN_DOC_FREQ)
  .map(([f]) => f)
  .sort();
const index = new Map(vocab.map((f, i) => [f, i]));
const encode = (r) => r.features.map((f) => index.get(f)).filter((i) => i !== undefined);
for (const r of all) r.x = encode(r);

// logistic regression, all heads at once, AdaGrad with L2 on the touched weights
const W = new Float64Array(vocab.length * H);
const G = new Float64Array(vocab.length * H).fill(1e-8);
const bias = new Float64Array(H);
const biasG = new Float64Array(H).fill(1e-8);
let seed = 42;
const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
const order = fit.map((_, i) => i);
const z = new Float64Array(H);
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  let loss = 0;
  for (const o of order) {
    const r = fit[o];
    z.set(bias);
    for (const f of r.x) for (let k = 0; k < H; k++) z[k] += W[f * H + k];
    for (let k = 0; k < H; k++) {
      const p = 1 / (1 + Math.exp(-z[k]));
      const g = p - r.y[k];
      loss -= r.y[k] ? Math.log(p + 1e-12) : Math.log(1 - p + 1e-12);
      biasG[k] += g * g;
      bias[k] -= (LEARNING_RATE * g) / Math.sqrt(biasG[k]);
      for (const f of r.x) {
        const w = f * H + k;
        const gw = g + L2 * W[w];
        G[w] += gw * gw;
        W[w] -= (LEARNING_RATE * gw) / Math.sqrt(G[w]);
      }
    }
  }
  console.log(`epoch ${epoch + 1}: mean loss per head ${(loss / fit.length / H).toFixed(4)}`);
}

// prune small weights and round, then choose thresholds on the tuning part with the shipped weights
for (let w = 0; w < W.length; w++) W[w] = Math.abs(W[w]) < PRUNE ? 0 : Math.round(W[w] * 1000) / 1000;
const predictAll = (r) => {
  const out = Float64Array.from(bias);
  for (const f of r.x) for (let k = 0; k < H; k++) out[k] += W[f * H + k];
  return out.map((v) => 1 / (1 + Math.exp(-v)));
};
const tuneP = tune.map(predictAll);
const thresholds = HEADS.map((_, k) => {
  let best = { t: 0.5, f1: -1 };
  for (let t = 0.04; t <= 0.9; t += 0.01) {
    let tp = 0,
      fp = 0,
      fn = 0;
    tune.forEach((r, i) => {
      const yes = tuneP[i][k] >= t;
      if (yes && r.y[k]) tp++;
      else if (yes) fp++;
      else if (r.y[k]) fn++;
    });
    const f1 = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
    if (f1 > best.f1) best = { t: Math.round(t * 100) / 100, f1 };
  }
  console.log(
    `${HEADS[k][0].padEnd(20)} threshold ${best.t.toFixed(2)}  F1 on the tuning part ${best.f1.toFixed(3)}`,
  );
  return best.t;
});

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

const out = `// GENERATED by workers/scripts/train-emotions.mjs: do not edit by hand.
// Logistic-regression weights learnt from the GoEmotions train split (Demszky et al., ACL 2020;
// https://github.com/google-research/goemotions, Apache-2.0; see LICENSE-GOEMOTIONS.txt). No text
// from the data set is stored here: only feature names (single lower-cased words, emoji, "NOT_" +
// word) that occur in at least ${MIN_DOC_FREQ} comments, and their weights. ${kept} features x ${H} heads.
// Settings: epochs ${EPOCHS}, learning rate ${LEARNING_RATE}, L2 ${L2}, pruned below |${PRUNE}|.
export const EMOTION_MODEL_EN_TSV: string =
  ${JSON.stringify(lines.join('\n'))};
`;
const target = path.join(repo, 'workers', 'src', 'analyzers', 'sentiment', 'data', 'emotion-model.en.ts');
writeFileSync(target, out);
console.log(`wrote ${target}: ${kept} features, ${(out.length / 1024).toFixed(0)} KiB`);
