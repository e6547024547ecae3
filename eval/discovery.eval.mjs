// Topic discovery on Bitext customer-service utterances with the labels hidden (development figures).
//   cd /work/main && npm run build && node eval/discovery.eval.mjs [--file small|large] [--similarity 0.3]
// Clusters every utterance with an EMPTY taxonomy, then compares clusters with the 27 intent labels:
// - accuracy with a one-to-one (Hungarian) mapping of clusters to intents: clusters beyond 27 and
//   unclustered texts count as wrong;
// - accuracy with a many-to-one (majority) mapping: each cluster takes its most frequent intent;
// - NMI (arithmetic normalisation, as sklearn's default), unclustered texts as one extra cluster.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { DATASETS, arg, parseCsv } from './lib.mjs';

const require = createRequire(import.meta.url);
const MERGE = Number(
  process.argv.includes('--merge') ? process.argv[process.argv.indexOf('--merge') + 1] : 0.4,
);
const { discoverTopics } = require('@vigil/engine');

const FILES = {
  small:
    'bitext/Data/archive/Bitext_Sample_Customer_Service_Training_Dataset/Training/Bitext_Sample_Customer_Service_Training_Dataset.csv',
  large:
    'bitext/Data/archive/20000-Utterances-Training-dataset-for-chatbots-virtual-assistant-Bitext-sample/20000-Utterances-Training-dataset-for-chatbots-virtual-assistant-Bitext-sample/TrainingdatasetBitextsample.csv',
};
const which = arg('file', 'small');
const sims = arg('similarity', '0.15,0.2,0.25,0.3').split(',').map(Number);

const raw = readFileSync(path.join(DATASETS, FILES[which]), 'utf8').replace(/^\uFEFF/, '');
const rows = parseCsv(raw)
  .slice(1)
  .filter((r) => r.length >= 4 && r[1]);
const texts = rows.map((r, i) => ({ conversationId: String(i), text: r[1] }));
const gold = rows.map((r) => r[3]);
const classes = [...new Set(gold)].sort();

/** Hungarian algorithm (min cost) on a square matrix; returns assignment row -> column. */
function hungarian(cost) {
  const n = cost.length,
    INF = 1e18;
  const u = new Float64Array(n + 1),
    v = new Float64Array(n + 1),
    p = new Int32Array(n + 1),
    way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(INF),
      used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = INF,
        j1 = 0;
      for (let j = 1; j <= n; j++)
        if (!used[j]) {
          const cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
          if (cur < minv[j]) {
            minv[j] = cur;
            way[j] = j0;
          }
          if (minv[j] < delta) {
            delta = minv[j];
            j1 = j;
          }
        }
      for (let j = 0; j <= n; j++)
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const rowToCol = new Int32Array(n).fill(-1);
  for (let j = 1; j <= n; j++) if (p[j]) rowToCol[p[j] - 1] = j - 1;
  return rowToCol;
}

function nmi(a, b) {
  const n = a.length,
    ca = new Map(),
    cb = new Map(),
    cab = new Map();
  for (let i = 0; i < n; i++) {
    ca.set(a[i], (ca.get(a[i]) ?? 0) + 1);
    cb.set(b[i], (cb.get(b[i]) ?? 0) + 1);
    const k = a[i] + '\u0000' + b[i];
    cab.set(k, (cab.get(k) ?? 0) + 1);
  }
  const H = (m) => {
    let h = 0;
    for (const c of m.values()) h -= (c / n) * Math.log(c / n);
    return h;
  };
  let mi = 0;
  for (const [k, c] of cab) {
    const [x, y] = k.split('\u0000');
    mi += (c / n) * Math.log((c * n) / (ca.get(x) * cb.get(y)));
  }
  return mi / ((H(ca) + H(cb)) / 2);
}

const results = [];
for (const similarity of sims) {
  const t0 = performance.now();
  const res = discoverTopics(texts, null, { similarity, mergeSimilarity: MERGE, maxCandidates: 1000 });
  const ms = performance.now() - t0;
  const pred = new Array(texts.length).fill('unclustered');
  res.candidates.forEach((c, ci) => {
    for (const id of c.conversationIds) pred[Number(id)] = 'c' + ci;
  });
  const C = res.candidates.length,
    K = classes.length,
    n = Math.max(C, K);
  const counts = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let i = 0; i < texts.length; i++)
    if (pred[i] !== 'unclustered') counts[Number(pred[i].slice(1))][classes.indexOf(gold[i])]++;
  const max = Math.max(...counts.flat());
  const assign = hungarian(counts.map((r) => r.map((x) => max - x)));
  let hung = 0,
    major = 0;
  for (let c = 0; c < C; c++) {
    if (assign[c] < K) hung += counts[c][assign[c]];
    major += Math.max(...counts[c].slice(0, K));
  }
  results.push({
    similarity,
    clusters: C,
    clustered: (texts.length - res.unclustered) / texts.length,
    hungarianAcc: hung / texts.length,
    majorityAcc: major / texts.length,
    nmi: nmi(gold, pred),
    ms: Math.round(ms),
    labels: res.candidates.slice(0, 8).map((c) => `${c.label} (${c.size})`),
  });
}

const f = (x) => x.toFixed(3);
console.log(
  JSON.stringify(
    {
      command: `node eval/discovery.eval.mjs --file ${which}`,
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
      texts: texts.length,
      intents: classes.length,
      results: results.map((r) => ({
        ...r,
        clustered: f(r.clustered),
        hungarianAcc: f(r.hungarianAcc),
        majorityAcc: f(r.majorityAcc),
        nmi: f(r.nmi),
      })),
    },
    null,
    2,
  ),
);
