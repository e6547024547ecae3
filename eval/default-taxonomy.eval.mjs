// The shipped default taxonomy on simulated conversations: how often the topics analyzer gives the
// right topic, another one, or none. The simulator (packages/simulator) writes conversations whose
// customer openings are real BANKING77 and Bitext texts read from ../shared/datasets at run time
// (nothing is copied into the repository) and records the topic it meant in
// `metadata.simulation.topic`; 11 of its 18 topics map to one default-taxonomy key, the rest count
// only in "none (all)". Development figures: the mapping is coarse and follow-up turns are topical.
//
//   npm run build && node eval/default-taxonomy.eval.mjs [--n 2000] [--seed 7]
import { createRequire } from 'node:module';
import { REPO_ROOT } from './lib.mjs';

const require = createRequire(import.meta.url);
const { createConversationGenerator, loadPhraseSources, defaultDatasetsDir } = require('@vigil/simulator');
const { topicsAnalyzer, DEFAULT_ENGINE_CONFIG } = require('@vigil/engine');
const { validateConversation } = require('@vigil/contracts');

/** Simulator topic → the default-taxonomy topic a person would file it under (unambiguous ones only). */
const MAPPED = {
  'double-charge': 'billing.double_charge',
  'unexpected-fee': 'billing.unexpected_fee',
  refund: 'refund',
  'card-not-working': 'card.declined',
  'login-problem': 'account.access',
  'transfer-not-received': 'transfer.issue',
  'personal-details': 'account.change',
  'lost-card': 'card.lost_stolen',
  'order-status': 'delivery.status',
  'cancel-account': 'subscription.cancel',
  complaint: 'complaint.agent',
};

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const n = arg('n', 2000);
const seed = arg('seed', 7);

const phrases = loadPhraseSources(defaultDatasetsDir(REPO_ROOT));
const generator = createConversationGenerator({ seed, runId: 'eval', phrases });
const conversations = [];
while (conversations.length < n) {
  const v = validateConversation(generator.next({ now: Date.parse('2026-11-24T12:00:00Z') }));
  if (v.ok) conversations.push(v.value);
}

const fmt = (x) => x.toFixed(3);
console.log(`${n} simulator conversations (seed ${seed}), default taxonomy\n`);
console.log('| threshold | none (all) | accuracy (mapped) | none on mapped | wrong on mapped |');
console.log('|---|---|---|---|---|');
for (const threshold of [0.25, 0.3, 0.35]) {
  const config = { ...DEFAULT_ENGINE_CONFIG.topics, options: { threshold } };
  let none = 0;
  let mapped = 0;
  let right = 0;
  let mappedNone = 0;
  for (const c of conversations) {
    const r = topicsAnalyzer.analyze(c, { config }).result;
    if (r.none) none++;
    const want = MAPPED[c.metadata.simulation.topic];
    if (!want) continue;
    mapped++;
    if (r.primary === want) right++;
    else if (r.none) mappedNone++;
  }
  const wrong = mapped - right - mappedNone;
  console.log(
    `| ${threshold} | ${fmt(none / n)} | ${fmt(right / mapped)} | ${fmt(mappedNone / mapped)} | ${fmt(wrong / mapped)} |`,
  );
}
