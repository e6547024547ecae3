// Sentiment and emotion evaluation: the Vigil engine against human ratings, with the npm port of
// VADER measured side by side in the same run. Development figures (see eval/RESULTS.md).
//
//   npm run build && node eval/sentiment.eval.mjs [--json]
//
// Polarity and the service emotions come from the product's command line, `vigil score` (each text
// as a one-message customer conversation in English). The Ekman-group figures need the emotion
// model's internal heads, which `vigil score` does not output, and the CPU timings measure the
// analyzer itself: those two parts call the engine package (@vigil/engine) in-process.
// Reads ../shared/datasets (or $VIGIL_DATASETS); nothing from the data sets is written anywhere.
import { createRequire } from 'node:module';
import os from 'node:os';
import vader from 'vader-sentiment';
import {
  loadEkmanMapping,
  loadGoEmotions,
  loadVader,
  pearson,
  weightedF1,
  cls3,
  binaryF1,
  median,
  oneMessage,
  vigilScore,
} from './lib.mjs';

const require = createRequire(import.meta.url);
const { sentimentAnalyzer, emotionHeads } = require('@vigil/engine');

/** The first message's sentiment ({ polarity, emotions }) of each text, scored by `vigil score`. */
const scoreTexts = (texts) =>
  vigilScore(
    texts.map((t) => oneMessage(t, 'en')),
    { pick: (r) => r.scores.sentiment.result.messages[0] },
  );

const asJson = process.argv.includes('--json');
const report = {
  command: `node eval/sentiment.eval.mjs${asJson ? ' --json' : ''}`,
  engine: 'polarity and service emotions: vigil score; Ekman heads and speed: in-process',
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  polarity: {},
  emotions: {},
  speed: {},
};

// ---- polarity: VADER's human-rated corpora ----------------------------------------------------
const PUBLISHED = {
  'tweets_GroundTruth.txt': { name: 'tweets', vaderR: 0.879, vaderF1: 0.905, paperR: 0.881 },
  'movieReviewSnippets_GroundTruth.txt': { name: 'movie', vaderR: 0.418, vaderF1: 0.577, paperR: 0.451 },
};
for (const [file, pub] of Object.entries(PUBLISHED)) {
  const rows = loadVader(file);
  const gold = rows.map((r) => r.mean);
  const goldCls = rows.map((r) => cls3(r.mean / 4));
  const ours = (await scoreTexts(rows.map((r) => r.text))).map((m) => m.polarity);
  const theirs = rows.map((r) => vader.SentimentIntensityAnalyzer.polarity_scores(r.text).compound);
  report.polarity[pub.name] = {
    rows: rows.length,
    vigil: {
      r: pearson(ours, gold),
      f1: weightedF1(
        goldCls,
        ours.map((v) => cls3(v)),
      ),
    },
    vader: {
      r: pearson(theirs, gold),
      f1: weightedF1(
        goldCls,
        theirs.map((v) => cls3(v)),
      ),
    },
    published: pub,
  };
}

// ---- emotions: GoEmotions dev ------------------------------------------------------------------
const { rows: dev } = loadGoEmotions('dev');
const ekman = loadEkmanMapping();
const toEkman = new Map();
for (const [group, labels] of Object.entries(ekman)) for (const l of labels) toEkman.set(l, group);
const preds = (await scoreTexts(dev.map((r) => r.text))).map((m) => m.emotions);
const heads = dev.map((r) => emotionHeads(r.text, 'en')); // in-process: not in `vigil score` output
const LABELS = {
  anger: ['anger'],
  frustration: ['annoyance'],
  disappointment: ['disappointment'],
  gratitude: ['gratitude'],
  confusion: ['confusion'],
};
for (const [emotion, labels] of Object.entries(LABELS)) {
  const gold = dev.map((r) => r.labels.some((l) => labels.includes(l)));
  report.emotions[`${emotion} (gold: ${labels.join('+')})`] = binaryF1(
    gold,
    preds.map((p) => (p[emotion] ?? 0) >= 0.5),
  );
}
report.emotions['frustration (gold: annoyance+anger)'] = binaryF1(
  dev.map((r) => r.labels.some((l) => l === 'annoyance' || l === 'anger')),
  preds.map((p) => (p.frustration ?? 0) >= 0.5),
);
if (heads[0]) {
  const groups = [...Object.keys(ekman), 'neutral'];
  const perGroup = {};
  for (const g of groups) {
    const gold = dev.map((r) => r.labels.some((l) => (l === 'neutral' ? 'neutral' : toEkman.get(l)) === g));
    perGroup[g] = binaryF1(
      gold,
      heads.map((h) => (h[`ekman.${g}`] ?? 0) >= 0.5),
    ).f1;
  }
  const six = Object.keys(ekman).map((g) => perGroup[g]);
  report.emotions.ekman = {
    perGroup,
    macroF1_6: six.reduce((a, b) => a + b, 0) / six.length,
    macroF1_7_with_neutral: groups.map((g) => perGroup[g]).reduce((a, b) => a + b, 0) / groups.length,
  };
}

// ---- speed: CPU per 15-message conversation ----------------------------------------------------
const sample = loadVader('tweets_GroundTruth.txt').map((r) => r.text);
const conversations = [];
for (let c = 0; c < 400; c++) {
  const messages = [];
  for (let m = 0; m < 15; m++)
    messages.push({ role: m % 2 ? 'agent' : 'customer', text: sample[(c * 15 + m) % sample.length] });
  conversations.push({
    externalId: `e${c}`,
    source: 'eval',
    channel: 'chat',
    startedAt: '2026-01-01T00:00:00Z',
    endedAt: '2026-01-01T00:10:00Z',
    agents: [],
    customer: {},
    messages,
    metadata: {},
  });
}
const timeIt = (fn) => {
  for (const c of conversations) fn(c); // warm-up
  const times = [];
  for (let round = 0; round < 5; round++) {
    for (const c of conversations) {
      const h0 = process.hrtime.bigint();
      fn(c);
      const h1 = process.hrtime.bigint();
      times.push(Number(h1 - h0) / 1e6);
    }
  }
  return times;
};
const batchCpu = (fn) => {
  const t0 = process.cpuUsage();
  for (let round = 0; round < 5; round++) for (const c of conversations) fn(c);
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000 / (5 * conversations.length);
};
const ctx = { language: 'en', config: {} };
const vigilTimes = timeIt((c) => sentimentAnalyzer.analyze(c, ctx));
const vaderTimes = timeIt((c) =>
  c.messages.forEach((m) => vader.SentimentIntensityAnalyzer.polarity_scores(m.text)),
);
report.speed = {
  conversations: conversations.length,
  vigilMedianMs: median(vigilTimes),
  vigilP99Ms: [...vigilTimes].sort((a, b) => a - b)[Math.floor(vigilTimes.length * 0.99)],
  vigilMeanCpuMs: batchCpu((c) => sentimentAnalyzer.analyze(c, ctx)),
  vaderMedianMs: median(vaderTimes),
  vaderMeanCpuMs: batchCpu((c) =>
    c.messages.forEach((m) => vader.SentimentIntensityAnalyzer.polarity_scores(m.text)),
  ),
};

if (asJson) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const f = (v) => v.toFixed(3);
  console.log(`${report.command}  ${report.date}  node ${report.node}, ${report.cpus} × ${report.cpu}`);
  console.log(report.engine);
  for (const [name, p] of Object.entries(report.polarity)) {
    console.log(
      `${name.padEnd(7)} n=${p.rows}  vigil r=${f(p.vigil.r)} F1=${f(p.vigil.f1)}   vader-sentiment r=${f(p.vader.r)} F1=${f(p.vader.f1)}   (published npm r=${p.published.vaderR} F1=${p.published.vaderF1})`,
    );
  }
  for (const [name, m] of Object.entries(report.emotions)) {
    if (name === 'ekman') continue;
    console.log(`${name.padEnd(40)} F1=${f(m.f1)} P=${f(m.precision)} R=${f(m.recall)} support=${m.support}`);
  }
  if (report.emotions.ekman) {
    const e = report.emotions.ekman;
    console.log(
      `ekman per group ${Object.entries(e.perGroup)
        .map(([g, v]) => `${g}=${f(v)}`)
        .join(' ')}`,
    );
    console.log(
      `ekman macro-F1 (6 groups) ${f(e.macroF1_6)}   (with neutral) ${f(e.macroF1_7_with_neutral)}   (published BERT 0.64)`,
    );
  }
  const s = report.speed;
  console.log(
    `speed per 15-message conversation: vigil median ${f(s.vigilMedianMs)} ms (p99 ${f(s.vigilP99Ms)}), mean CPU ${f(s.vigilMeanCpuMs)} ms; vader-sentiment median ${f(s.vaderMedianMs)} ms, mean CPU ${f(s.vaderMeanCpuMs)} ms`,
  );
}
