import * as path from 'node:path';
import type { Conversation } from '@vigil/contracts';
import * as engine from '@vigil/engine';
import { createGenerator, validConversations } from './generator';

/**
 * CPU of the whole scoring engine per conversation — every registered analyzer (sentiment & emotion,
 * topics, QA, PII, compliance, fraud) plus the campaign signature the workers compute for each scored
 * conversation (customer words, shingles, MinHash, LSH bands) — on the simulator's conversations, in
 * one process with every model loaded: the workers' budget. Each of `--runs` passes times every
 * conversation; the figure is the median over passes of each pass's median, with the passes' range.
 * Heap and RSS are read after a full collection (run with --expose-gc, as the npm script does).
 *
 *   npm run engine -w bench [-- --n 5000 --runs 5]
 */
const ROOT = path.resolve(__dirname, '..', '..');
const option = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return (i > 0 && Number(process.argv[i + 1])) || fallback;
};
const n = option('n', 5000);
const runs = option('runs', 5);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1]! : NaN;
};
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const collect = (globalThis as { gc?: () => void }).gc;

const generator = createGenerator(ROOT, 'engine-bench', 'engine');
const conversations = validConversations(generator, n);

/** What the workers compute per scored conversation besides the analyzers (campaigns.service.ts). */
const CAMPAIGN_MIN_SHINGLES = 20;
function campaignSignature(c: Conversation): number[] | null {
  const hashes = engine.shingleHashes(engine.customerWords(c.messages));
  return hashes.length >= CAMPAIGN_MIN_SHINGLES ? engine.lshBands(engine.minhashOfHashes(hashes)) : null;
}

// Each pass scores fresh copies, as the workers score conversations freshly read from Postgres: the
// same objects scored again would let anything cached on them (or kept for them) flatter later passes.
const freshCopies = (list: readonly Conversation[]) => list.map((c) => structuredClone(c));
// Warm up: load and compile every model, let the JIT settle.
for (const c of freshCopies(conversations.slice(0, 500))) {
  engine.scoreConversation(c);
  campaignSignature(c);
}

const isFifteen = (c: Conversation) => c.messages.length >= 14 && c.messages.length <= 16;
const fifteenCount = conversations.filter(isFifteen).length;
const passes: Array<{ all: number; fifteen: number; engineOnly: number; mean: number }> = [];
for (let run = 0; run < runs; run++) {
  const all: number[] = [];
  const fifteen: number[] = [];
  const engineOnly: number[] = [];
  for (const c of freshCopies(conversations)) {
    const before = process.cpuUsage();
    engine.scoreConversation(c);
    const scored = process.cpuUsage(before);
    campaignSignature(c);
    const used = process.cpuUsage(before);
    const ms = (used.user + used.system) / 1000;
    all.push(ms);
    if (isFifteen(c)) {
      fifteen.push(ms);
      engineOnly.push((scored.user + scored.system) / 1000);
    }
  }
  passes.push({
    all: median(all),
    fifteen: median(fifteen),
    engineOnly: median(engineOnly),
    mean: all.reduce((a, b) => a + b, 0) / all.length,
  });
}
collect?.();
const memory = process.memoryUsage();

const summary = (pick: (p: (typeof passes)[number]) => number) => {
  const xs = passes.map(pick);
  return `${median(xs).toFixed(3)} ms (passes ${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)})`;
};
console.log(
  `[engine] ${n} simulator conversations, ${median(conversations.map((c) => c.messages.length))} messages median, ${runs} passes`,
);
console.log(
  `[engine] CPU per conversation, analyzers + campaign signature: median ${summary((p) => p.all)}, mean ${summary((p) => p.mean)}`,
);
console.log(
  `[engine] CPU per 14–16-message conversation (${fifteenCount}), analyzers + campaign signature: median ${summary((p) => p.fifteen)}`,
);
console.log(
  `[engine] CPU per 14–16-message conversation, analyzers only: median ${summary((p) => p.engineOnly)}`,
);
console.log(
  `[engine] memory after scoring, every model loaded${collect ? ', after a full GC' : ' (no --expose-gc: before GC)'}: RSS ${mb(memory.rss)} MB, heap used ${mb(memory.heapUsed)} MB`,
);

// The PII analyzer's part of the budget, and the masking the API does at ingest, over the same
// conversations: each timed over the whole set (one call is below the CPU clock's resolution).
const cpuOverIndexed = (fn: (c: Conversation, i: number) => void) => {
  freshCopies(conversations.slice(0, 500)).forEach(fn);
  const copies = freshCopies(conversations);
  const before = process.cpuUsage();
  copies.forEach(fn);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n;
};
const cpuOver = (fn: (c: Conversation) => void) => cpuOverIndexed((c) => fn(c));
const perFifteen = (µs: number) => (µs * 15) / (conversations.reduce((a, c) => a + c.messages.length, 0) / n);
const piiµs = cpuOver((c) => engine.piiAnalyzer.analyze(c, { language: 'en', config: undefined }));
const maskµs = cpuOver((c) => {
  for (const m of c.messages) engine.maskPii(m.text);
});
console.log(
  `[engine] pii analyzer: ${piiµs.toFixed(1)} µs per conversation (${perFifteen(piiµs).toFixed(1)} µs per 15 messages); maskPii at ingest: ${maskµs.toFixed(1)} µs (${perFifteen(maskµs).toFixed(1)} µs per 15 messages)`,
);

// The compliance analyzer's part (policies in force: the shipped ones), given the PII finds it reads,
// computed beforehand as the engine does.
const compliance = engine.ANALYZERS.find((a) => a.name === 'compliance')!;
const complianceInputs = new Map(
  conversations.map((c) => {
    const language = engine.conversationLanguage(c);
    const pii = engine.piiAnalyzer.analyze(c, { language, config: undefined });
    const context = {
      language,
      config: compliance.configFrom(engine.DEFAULT_ENGINE_CONFIG),
      results: { pii },
    };
    return [c, context] as const;
  }),
);
// Called alone (no shared ConversationWords in the context), the compliance and fraud analyzers each
// tokenize the messages themselves: their times below include tokenizing.
const complianceContexts = conversations.map((c) => complianceInputs.get(c)!);
const complianceµs = cpuOverIndexed((c, i) => compliance.analyze(c, complianceContexts[i]!));
console.log(
  `[engine] compliance analyzer: ${complianceµs.toFixed(1)} µs per conversation (${perFifteen(complianceµs).toFixed(1)} µs per 15 messages)`,
);

// The fraud analyzer's part (the shipped weights), its own tokenizing included.
const fraudConfig = engine.fraudAnalyzer.configFrom(engine.DEFAULT_ENGINE_CONFIG);
const languages = conversations.map((c) => engine.conversationLanguage(c));
const fraudµs = cpuOverIndexed((c, i) =>
  engine.fraudAnalyzer.analyze(c, { language: languages[i]!, config: fraudConfig }),
);
console.log(
  `[engine] fraud analyzer: ${fraudµs.toFixed(1)} µs per conversation (${perFifteen(fraudµs).toFixed(1)} µs per 15 messages)`,
);
