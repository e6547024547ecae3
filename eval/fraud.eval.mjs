// The fraud analyzer (scores.fraud) measured at its flag threshold:
//  1. on SYNTHETIC labelled dialogues (eval/fraud-dialogues.mjs; account takeover, social
//     engineering, AI-agent jailbreaks, and benign ones with near misses, English and Latvian): the
//     `dev` templates and the `heldout` templates written separately, never tuned on;
//  2. on real benign customer messages: BANKING77's utterances (../shared/datasets/banking77), one
//     customer message per conversation — the false-positive rate (the datasets hold no SMS spam set,
//     so no real scam messages are scored);
//  3. on the simulator: the share of its injected fraud (fraud campaign, account-takeover wave,
//     AI-jailbreak attempts; metadata.simulation.fraud) flagged, and of its ordinary traffic flagged;
//  4. CPU per 14–16-message simulator conversation: the fraud analyzer alone and the whole engine.
//
//   npm run build && node eval/fraud.eval.mjs [--n 2000] [--seed 1]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DATASETS, REPO_ROOT, parseCsv } from './lib.mjs';
import { fraudDialogues } from './fraud-dialogues.mjs';

const require = createRequire(import.meta.url);
const engine = require('@vigil/engine');
const sim = require('@vigil/simulator');
const { validateConversation } = require('@vigil/contracts');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const n = arg('n', 2000);
const seed = arg('seed', 1);

const fraudOf = (conversation) => {
  const v = validateConversation(conversation);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  const language = engine.conversationLanguage(v.value);
  return engine.fraudAnalyzer.analyze(v.value, {
    language,
    config: engine.DEFAULT_ENGINE_CONFIG.fraud,
  }).result;
};
const pct = (x) => `${(100 * x).toFixed(1)} %`;

function labelled(set) {
  const items = fraudDialogues({ n, seed, set });
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  const byKind = {};
  const misses = [];
  for (const d of items) {
    const r = fraudOf(d.conversation);
    const k = (byKind[d.kind] ??= { n: 0, flagged: 0 });
    k.n++;
    if (r.flagged) k.flagged++;
    const fraud = d.label === 'fraud';
    if (fraud && r.flagged) tp++;
    else if (!fraud && !r.flagged) tn++;
    else {
      if (fraud) fn++;
      else fp++;
      if (misses.length < 6) misses.push(d);
    }
  }
  return {
    set,
    n: items.length,
    precision: tp / Math.max(1, tp + fp),
    recall: tp / Math.max(1, tp + fn),
    benignFlagged: fp / Math.max(1, fp + tn),
    byKind,
    misses,
  };
}

console.log(`fraud analyzer at the shipped threshold (${engine.DEFAULT_ENGINE_CONFIG.fraud.threshold})\n`);
for (const set of ['dev', 'heldout']) {
  const r = labelled(set);
  console.log(
    `synthetic ${set}: n=${r.n} precision ${pct(r.precision)} recall ${pct(r.recall)} benign flagged ${pct(r.benignFlagged)}`,
  );
  for (const [kind, k] of Object.entries(r.byKind)) console.log(`  ${kind}: ${k.flagged}/${k.n} flagged`);
  for (const m of r.misses.slice(0, 4))
    console.log(
      `  wrong: ${m.label} ${m.kind} ${JSON.stringify(m.conversation.messages.map((x) => x.text).join(' | ')).slice(0, 160)}`,
    );
}

// 2. BANKING77: real customer requests, all benign
const banking = parseCsv(readFileSync(path.join(DATASETS, 'banking77', 'train.csv'), 'utf8')).slice(1);
let bFlagged = 0,
  bSignal = 0;
const bQuotes = [];
const bSample = banking.filter((_, i) => i % Math.max(1, Math.floor(banking.length / n)) === 0).slice(0, n);
for (const [text] of bSample) {
  const r = fraudOf({
    externalId: 'b',
    source: 'banking77',
    channel: 'chat',
    language: 'en',
    startedAt: '2026-01-01T00:00:00Z',
    endedAt: '2026-01-01T00:01:00Z',
    messages: [{ role: 'customer', text }],
  });
  if (r.signals.length) bSignal++;
  if (r.flagged) {
    bFlagged++;
    if (bQuotes.length < 3) bQuotes.push(text);
  }
}
console.log(
  `\nBANKING77 (real, benign): n=${bSample.length} flagged ${pct(bFlagged / bSample.length)}, any signal ${pct(bSignal / bSample.length)}`,
);
for (const q of bQuotes) console.log(`  flagged: ${q}`);

// 3. the simulator's injected fraud and ordinary traffic
const NOW = Date.parse('2026-11-24T12:00:00Z');
const phrases = sim.loadPhraseSources(sim.defaultDatasetsDir(REPO_ROOT));
const generator = sim.createConversationGenerator({ seed, runId: 'eval', phrases });
const schedule = new sim.IncidentSchedule({ seed, startMs: NOW });
const incidents = schedule.until(NOW + 6 * 3600_000);
console.log('\nsimulator');
for (const kind of sim.FRAUD_INCIDENTS) {
  const incident = incidents.find((i) => i.kind === kind);
  let flagged = 0;
  const count = 300;
  for (let k = 0; k < count; k++)
    if (fraudOf(generator.next({ now: NOW, incident, incidentTraffic: true })).flagged) flagged++;
  console.log(`  ${kind}: ${flagged}/${count} injected conversations flagged (${pct(flagged / count)})`);
}
let ordinaryFlagged = 0,
  ordinary = 0,
  injected = 0,
  injectedFlagged = 0;
const timed = [];
for (let k = 0; k < n; k++) {
  const c = generator.next({ now: NOW });
  const truth = c.metadata.simulation.fraud;
  if (truth) {
    // the generator's own rare fraud callers and prompt-injection lines in AI-agent chats
    injected++;
    if (fraudOf(c).flagged) injectedFlagged++;
    continue;
  }
  ordinary++;
  if (fraudOf(c).flagged) ordinaryFlagged++;
  if (c.messages.length >= 14 && c.messages.length <= 16) timed.push(validateConversation(c).value);
}
console.log(`  rare fraud within ordinary traffic: ${injectedFlagged}/${injected} flagged`);
console.log(
  `  ordinary traffic: ${ordinaryFlagged}/${ordinary} flagged (${pct(ordinaryFlagged / ordinary)})`,
);

// 4. CPU per 15-message conversation
const cpu = (fn, rounds) => {
  for (const c of timed) fn(c); // warm
  const t0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (const c of timed) fn(c);
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / (rounds * timed.length);
};
const fraudOnly = cpu(
  (c) => engine.fraudAnalyzer.analyze(c, { language: 'en', config: engine.DEFAULT_ENGINE_CONFIG.fraud }),
  5,
);
const whole = cpu((c) => engine.scoreConversation(c), 3);
console.log(
  `\nCPU over ${timed.length} simulator conversations of 14–16 messages: fraud analyzer ${fraudOnly.toFixed(1)} µs, whole engine ${whole.toFixed(1)} µs per conversation`,
);
