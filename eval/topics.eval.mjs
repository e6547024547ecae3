// Topics analyzer on BANKING77 (development figures). Run after building core and workers:
//   cd /work/main && npm run build && node eval/topics.eval.mjs [--examples 0.5|30]
// A deterministic, stratified part of each intent becomes the taxonomy's examples (key = intent,
// lower-cased, as configuration keys must be); the rest is the test set. Each test text is a
// one-message conversation scored by the product's command line, `vigil score --config FILE`, once
// per threshold of the sweep (options.threshold in the same FILE). Out-of-domain: SGD user turns
// from the non-banking dialogues. Also measures CPU per ~15-message conversation for topics + QA,
// calling the engine package (@vigil/engine) in-process, as that measures the analyzers alone.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { DATASETS, arg, median, oneMessage, parseCsv, vigilScore } from './lib.mjs';

const require = createRequire(import.meta.url);
const { topicsAnalyzer, qaAnalyzer, DEFAULT_TAXONOMY } = require('@vigil/engine');

const EXAMPLES = Number(arg('examples', '0.5')); // < 1: share of each intent; >= 1: count per intent
const DEFAULT_THRESHOLD = 0.35;
const THRESHOLDS = [0.2, 0.3, 0.35, 0.4, 0.5];

// FNV-1a: a fixed, content-based order, so the split does not depend on file order.
const fnv = (s) => {
  let x = 2166136261;
  for (let i = 0; i < s.length; i++) {
    x ^= s.charCodeAt(i);
    x = Math.imul(x, 16777619);
  }
  return x >>> 0;
};

// A configuration key from a BANKING77 category ("Refund_not_showing_up", "reverted_card_payment?").
const toKey = (cat) => cat.toLowerCase().replace(/[^a-z0-9._-]/g, '');

const conv = (messages) => ({
  externalId: 'e',
  source: 'eval',
  channel: 'chat',
  startedAt: '2026-01-01T00:00:00Z',
  endedAt: '2026-01-01T00:10:00Z',
  agents: [{ id: 'a-1', kind: 'human' }],
  customer: {},
  metadata: {},
  messages,
});

// ---- split --------------------------------------------------------------------------------------
const rows = parseCsv(readFileSync(path.join(DATASETS, 'banking77', 'train.csv'), 'utf8'))
  .slice(1)
  .filter((r) => r.length === 2 && r[0]);
const byIntent = new Map();
for (const [text, cat] of rows) (byIntent.get(cat) ?? byIntent.set(cat, []).get(cat)).push(text);
const topics = [];
const test = [];
for (const [cat, texts] of [...byIntent].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  const sorted = [...texts].sort((a, b) => fnv(a) - fnv(b) || (a < b ? -1 : 1));
  const n = EXAMPLES < 1 ? Math.round(sorted.length * EXAMPLES) : Math.min(EXAMPLES, sorted.length - 1);
  const key = toKey(cat);
  topics.push({ key, label: cat.replace(/_/g, ' '), examples: sorted.slice(0, n), keywords: [] });
  for (const text of sorted.slice(n)) test.push({ text, key });
}
const taxonomy = { version: `banking77-eval-${EXAMPLES}`, topics };

const sgd = JSON.parse(readFileSync(path.join(DATASETS, 'sgd', 'dialogues_004.json'), 'utf8'));
const oodFirst = [],
  oodAll = [];
for (const d of sgd) {
  if (d.services.some((s) => s.startsWith('Banks'))) continue;
  let first = true;
  for (const t of d.turns) {
    if (t.speaker !== 'USER') continue;
    oodAll.push(t.utterance);
    if (first) {
      oodFirst.push(t.utterance);
      first = false;
    }
  }
}

// ---- run: one `vigil score` process per threshold over test + OOD texts -------------------------
const texts = [...test.map((x) => x.text), ...oodFirst, ...oodAll];
const score = async (threshold) => {
  const start = performance.now();
  const results = await vigilScore(
    texts.map((t) => oneMessage(t, 'en')),
    {
      config: { topics: { taxonomy, options: { threshold } } },
      pick: (r) => r.scores.topics.result,
    },
  );
  const seconds = (performance.now() - start) / 1000;
  const first = test.length + oodFirst.length;
  return {
    test: results.slice(0, test.length).map((r, i) => ({ ...test[i], r })),
    oodFirst: results.slice(test.length, first),
    oodAll: results.slice(first),
    seconds,
  };
};
const noneShare = (rs) => rs.filter((r) => r.none).length / rs.length;

const runs = new Map();
for (const th of THRESHOLDS) runs.set(th, await score(th));
const results = runs.get(DEFAULT_THRESHOLD).test;
const top1 = results.filter((x) => x.r.best?.key === x.key).length / results.length;
// Multi-label behaviour at the default threshold: how often more than one topic is assigned.
const multi = results.filter((x) => x.r.topics.length > 1).length / results.length;

const sweep = THRESHOLDS.map((th) => {
  const run = runs.get(th);
  const kept = run.test.filter((x) => !x.r.none);
  return {
    threshold: th,
    none: noneShare(run.test.map((x) => x.r)),
    accWhenNotNone: kept.filter((x) => x.r.topics[0].key === x.key).length / kept.length,
    oodFirstNone: noneShare(run.oodFirst),
    oodAllNone: noneShare(run.oodAll),
    vigilScoreSeconds: run.seconds,
  };
});

// ---- CPU per ~15-message conversation, topics + QA (default taxonomy and scorecard) -----------
const t = (s) => new Date(Date.parse('2026-01-05T10:00:00Z') + s * 1000).toISOString();
const sample = test.filter((_, i) => i % 50 === 0).map((x) => x.text);
const conversations = [];
for (let c = 0; c < 200; c++) {
  const pick = (i) => sample[(c * 7 + i) % sample.length];
  const m = [
    { role: 'customer', text: `Hi, ${pick(0)}`, at: t(0) },
    {
      role: 'agent',
      authorId: 'a-1',
      text: 'Hello, thanks for contacting us, my name is Sam. How can I help?',
      at: t(20),
    },
    { role: 'customer', text: pick(1), at: t(45) },
    {
      role: 'agent',
      authorId: 'a-1',
      text: "I'm sorry about that. Can you confirm your full name and date of birth?",
      at: t(70),
    },
    { role: 'customer', text: 'Sure, it is Alex Berzins, 12 March 1988.', at: t(110) },
    { role: 'agent', authorId: 'a-1', text: 'Thank you. One moment while I check your account.', at: t(130) },
    {
      role: 'customer',
      text: 'This is really frustrating, it is the third time I write about it.',
      at: t(170),
    },
    { role: 'agent', authorId: 'a-1', text: 'I understand, I can see the problem now.', at: t(260) },
    { role: 'customer', text: pick(2), at: t(300) },
    {
      role: 'agent',
      authorId: 'a-1',
      text: "I've updated your account and issued a refund, you will see it in 3-5 days.",
      at: t(340),
    },
    { role: 'customer', text: 'ok', at: t(360) },
    {
      role: 'agent',
      authorId: 'a-1',
      text: 'Does that solve it? Is there anything else I can help with?',
      at: t(380),
    },
    { role: 'customer', text: 'No, that is all, thanks.', at: t(400) },
    { role: 'agent', authorId: 'a-1', text: 'Thank you for contacting us, have a great day!', at: t(410) },
    { role: 'customer', text: 'bye', at: t(420) },
  ];
  conversations.push(conv(m));
}
// Compile time of the BANKING77 taxonomy (the first call compiles it; later calls hit the cache).
const t0 = performance.now();
topicsAnalyzer.analyze(conv([{ role: 'customer', text: 'warm up' }]), {
  language: 'en',
  config: { taxonomy },
});
const compileMs = performance.now() - t0;
const ctxT = { language: 'en', config: { taxonomy: DEFAULT_TAXONOMY } };
const ctxQ = { language: 'en', config: undefined };
for (let i = 0; i < 3; i++)
  for (const c of conversations) {
    topicsAnalyzer.analyze(c, ctxT);
    qaAnalyzer.analyze(c, ctxQ);
  }
const cpu = (fn) => {
  const per = [];
  for (let rep = 0; rep < 5; rep++) {
    const s = process.cpuUsage();
    for (const c of conversations) fn(c);
    const u = process.cpuUsage(s);
    per.push((u.user + u.system) / conversations.length / 1000); // ms per conversation
  }
  return median(per);
};
const cpuTopics = cpu((c) => topicsAnalyzer.analyze(c, ctxT));
const cpuQa = cpu((c) => qaAnalyzer.analyze(c, ctxQ));
const cpuTopics77 = cpu((c) => topicsAnalyzer.analyze(c, { language: 'en', config: { taxonomy } }));

const fmt = (x) => x.toFixed(3);
const out = {
  command: `node eval/topics.eval.mjs --examples ${EXAMPLES}`,
  engine: `vigil score --config FILE, one process per threshold, ${texts.length} conversations each`,
  date: new Date().toISOString(),
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
  split: {
    intents: topics.length,
    examples: topics.reduce((n, t) => n + t.examples.length, 0),
    test: test.length,
  },
  compileMs: Math.round(compileMs),
  top1: fmt(top1),
  multiTopicShare: fmt(multi),
  sweep: sweep.map((s) => ({
    threshold: s.threshold,
    none: fmt(s.none),
    accWhenNotNone: fmt(s.accWhenNotNone),
    oodFirstNone: fmt(s.oodFirstNone),
    oodAllNone: fmt(s.oodAllNone),
    vigilScoreSeconds: s.vigilScoreSeconds.toFixed(1),
  })),
  ood: { firstUserTurns: oodFirst.length, allUserTurns: oodAll.length },
  cpuMsPer15MessageConversation: {
    topicsDefaultTaxonomy: fmt(cpuTopics),
    topicsBanking77Taxonomy: fmt(cpuTopics77),
    qa: fmt(cpuQa),
    topicsPlusQa: fmt(cpuTopics + cpuQa),
  },
};
console.log(JSON.stringify(out, null, 2));
