// The shipped default policies on ordinary conversations: how often each rule fires. A rule that
// fires on most benign conversations is wrong. Reads the simulator's conversations (phrasing from
// ../shared/datasets) and the real dialogues in ../shared/datasets — ABCD's sample dialogues, the
// Schema-Guided Dialogue dev file, the Customer Support on Twitter threads and the Taskmaster
// dialogue — and prints the violation rate per rule, with a few quotes of what fired, and the CPU
// the compliance analyzer alone takes per 14–16-message simulator conversation.
//
// With `scores.pii` available (the PII analyzer registered), the pii-exposure rule is checked too;
// without it, that rule is reported as not checked.
//
//   npm run build && node eval/compliance-benign.eval.mjs [--n 2000] [--seed 7] [--quotes 3]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DATASETS, REPO_ROOT } from './lib.mjs';

const require = createRequire(import.meta.url);
const { createConversationGenerator, loadPhraseSources, defaultDatasetsDir } = require('@vigil/simulator');
const engine = require('@vigil/engine');
const { validateConversation } = require('@vigil/contracts');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const n = arg('n', 2000);
const seed = arg('seed', 7);
const showQuotes = arg('quotes', 3);

const base = {
  source: 'eval',
  language: 'en',
  startedAt: '2026-01-01T00:00:00Z',
  endedAt: '2026-01-01T00:10:00Z',
  agents: [{ id: 'a', kind: 'human' }],
  customer: {},
  metadata: {},
};
const dialogue = (externalId, channel, messages) => {
  const v = validateConversation({
    ...base,
    externalId,
    channel,
    messages: messages.filter((m) => m.text.trim()),
  });
  return v.ok ? v.value : null;
};

function simulator() {
  const phrases = loadPhraseSources(defaultDatasetsDir(REPO_ROOT));
  const generator = createConversationGenerator({ seed, runId: 'eval', phrases });
  const out = [];
  while (out.length < n) {
    const v = validateConversation(generator.next({ now: Date.parse('2026-11-24T12:00:00Z') }));
    if (v.ok) out.push(v.value);
  }
  return out;
}

function abcd() {
  const rows = JSON.parse(readFileSync(path.join(DATASETS, 'abcd/data/abcd_sample.json'), 'utf8'));
  return rows.map((r) =>
    dialogue(
      `abcd-${r.convo_id}`,
      'chat',
      r.original.filter(([who]) => who !== 'action').map(([who, text]) => ({ role: who, text })),
    ),
  );
}

function sgd() {
  const rows = JSON.parse(readFileSync(path.join(DATASETS, 'sgd/dialogues_004.json'), 'utf8'));
  return rows.map((d) =>
    dialogue(
      `sgd-${d.dialogue_id}`,
      'chat',
      d.turns.map((t) => ({ role: t.speaker === 'USER' ? 'customer' : 'agent', text: t.utterance })),
    ),
  );
}

/** Twitter threads: tweets joined by in_response_to, brand accounts as the agent. */
function twcs() {
  const text = readFileSync(path.join(DATASETS, 'twcs/sample.csv'), 'utf8');
  const rows = [];
  // A small CSV reader: quoted fields may hold commas, quotes ("") and newlines.
  let field = '';
  let row = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\n') (row.push(field), rows.push(row), (row = []), (field = ''));
    else if (c !== '\r') field += c;
  }
  if (field || row.length) (row.push(field), rows.push(row));
  const [, ...data] = rows;
  const byId = new Map(data.map((r) => [r[0], r]));
  const threads = new Map();
  for (const r of data) {
    let root = r;
    const seen = new Set();
    while (root[6] && byId.has(root[6]) && !seen.has(root[0]))
      (seen.add(root[0]), (root = byId.get(root[6])));
    const list = threads.get(root[0]) ?? [];
    list.push(r);
    threads.set(root[0], list);
  }
  return [...threads.entries()].map(([id, list]) =>
    dialogue(
      `twcs-${id}`,
      'social',
      list
        .sort((a, b) => Date.parse(a[3]) - Date.parse(b[3]))
        .map((r) => ({ role: r[2] === 'True' ? 'customer' : 'agent', text: r[4] })),
    ),
  );
}

function taskmaster() {
  const t = JSON.parse(readFileSync(path.join(DATASETS, 'taskmaster/sample.json'), 'utf8'));
  return [
    dialogue(
      `tm-${t.conversation_id}`,
      'voice',
      t.utterances.map((u) => ({ role: u.speaker === 'USER' ? 'customer' : 'agent', text: u.text })),
    ),
  ];
}

const config = engine.DEFAULT_ENGINE_CONFIG;
const rules = config.policies.rules;
const hasPii = engine.ANALYZERS.some((a) => a.name === 'pii');

function score(c) {
  // The whole engine, so the compliance analyzer gets what it depends on (scores.pii) as in production.
  return engine.scoreConversation(c, config).compliance;
}

function report(name, conversations) {
  conversations = conversations.filter(Boolean);
  const checked = Object.fromEntries(rules.map((r) => [r.key, 0]));
  const fired = Object.fromEntries(rules.map((r) => [r.key, 0]));
  const quotes = Object.fromEntries(rules.map((r) => [r.key, []]));
  for (const c of conversations) {
    const out = score(c);
    const applicable = new Set();
    for (const r of rules) {
      const scoped =
        (r.channels.length === 0 || r.channels.includes(c.channel)) &&
        (r.kind !== 'pii_exposure' || !out.missing.includes('scores.pii'));
      if (scoped) applicable.add(r.key);
    }
    for (const key of applicable) checked[key]++;
    for (const v of out.result.violations) {
      fired[v.ruleId]++;
      if (quotes[v.ruleId].length < showQuotes)
        quotes[v.ruleId].push(
          v.evidence.length ? v.evidence.map((i) => out.evidence[i].quote).join(' … ') : `(${v.reason})`,
        );
    }
  }
  console.log(`\n### ${name}: ${conversations.length} conversations\n`);
  console.log('| rule | checked | fired | rate | e.g. |');
  console.log('|---|---|---|---|---|');
  for (const r of rules) {
    const rate = checked[r.key] ? (fired[r.key] / checked[r.key]).toFixed(3) : '–';
    const eg = quotes[r.key].map((q) => `“${q.replace(/\|/g, '\\|').slice(0, 80)}”`).join('; ');
    console.log(`| ${r.key} | ${checked[r.key]} | ${fired[r.key]} | ${rate} | ${eg} |`);
  }
}

console.log(
  `Default policies (version ${config.policies.version}) on benign conversations; PII analyzer ${hasPii ? 'registered' : 'not registered (pii-exposure not checked)'}`,
);
const sim = simulator();
report(`simulator (seed ${seed})`, sim);
report('ABCD sample dialogues', abcd());
report('SGD dev dialogues', sgd());
report('Customer Support on Twitter threads', twcs());
report('Taskmaster', taskmaster());

// CPU of the compliance analyzer alone, with the PII result computed beforehand (as the engine does).
const fifteen = sim.filter((c) => c.messages.length >= 14 && c.messages.length <= 16);
const prepared = fifteen.map((c) => {
  const language = engine.conversationLanguage(c);
  const results = hasPii ? { pii: engine.scoreConversation(c, config).pii } : {};
  return { c, context: { language, config: { policies: config.policies }, results } };
});
const compliance = engine.ANALYZERS.find((a) => a.name === 'compliance');
for (let k = 0; k < 3; k++) for (const p of prepared) compliance.analyze(p.c, p.context); // warm up
const rounds = 5;
const before = process.cpuUsage();
for (let k = 0; k < rounds; k++) for (const p of prepared) compliance.analyze(p.c, p.context);
const used = process.cpuUsage(before);
const us = (used.user + used.system) / (rounds * prepared.length);
console.log(
  `\nCPU of the compliance analyzer alone: ${us.toFixed(1)} µs per 14–16-message simulator conversation (${prepared.length} conversations × ${rounds})`,
);
