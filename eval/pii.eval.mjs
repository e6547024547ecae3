// PII evaluation: Vigil's PII analyzer against the presidio-research synthetic sentences, span by
// span, per entity type. Development figures (see eval/RESULTS-pii.md).
//
//   npx tsc -b packages/engine apps/workers && node eval/pii.eval.mjs [--json] [--misses N]
//
// Each sentence is a one-message customer conversation scored by the product's command line
// (`vigil score`); the finds are `scores.pii.result.finds`. Reads ../shared/datasets/presidio (or
// $VIGIL_DATASETS/presidio) in place; nothing from the data set is written anywhere.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DATASETS, arg, oneMessage, vigilScore } from './lib.mjs';

/** Presidio's entity names → Vigil's PII types. Types Vigil does not claim are left out (see below). */
const TYPE_OF = {
  CREDIT_CARD: 'credit_card',
  IBAN_CODE: 'iban',
  US_SSN: 'national_id',
  EMAIL_ADDRESS: 'email',
  PHONE_NUMBER: 'phone',
  IP_ADDRESS: 'ip_address',
  PERSON: 'person',
  STREET_ADDRESS: 'address',
  ADDRESS: 'address',
};
/** Found by checksums and fixed shapes; the others (person, address) only in context. */
const STRUCTURED = ['credit_card', 'iban', 'national_id', 'email', 'phone', 'ip_address'];
const CONTEXTUAL = ['person', 'address'];
const FILES = ['synth_dataset_v2.json', 'generated_small.json'];
/** A predicted and a gold span match when of the same type and their overlap is at least this share of their union. */
const MIN_IOU = 0.5;

const asJson = process.argv.includes('--json');
const showMisses = Number(arg('misses', 0));

const rows = FILES.flatMap((f) => JSON.parse(readFileSync(path.join(DATASETS, 'presidio', f), 'utf8')));
const started = process.hrtime.bigint();
const predicted = await vigilScore(
  rows.map((r) => oneMessage(r.full_text)),
  { pick: (r) => r.scores.pii.result.finds },
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

/** Offsets without surrounding spaces and punctuation, which annotators include or not at random. */
function trimmed(text, start, end) {
  while (start < end && /[\s.,;:!?'"()<>]/.test(text[start])) start++;
  while (end > start && /[\s.,;:!?'"()<>]/.test(text[end - 1])) end--;
  return [start, end];
}

const iou = (a, b) => {
  const inter = Math.min(a[1], b[1]) - Math.max(a[0], b[0]);
  return inter <= 0 ? 0 : inter / (Math.max(a[1], b[1]) - Math.min(a[0], b[0]));
};

const tally = (mode) => {
  const counts = Object.fromEntries([...STRUCTURED, ...CONTEXTUAL].map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const misses = [];
  rows.forEach((row, i) => {
    const text = row.full_text;
    const gold = row.spans
      .filter((s) => TYPE_OF[s.entity_type])
      .map((s) => ({ type: TYPE_OF[s.entity_type], span: trimmed(text, s.start_position, s.end_position) }));
    const pred = predicted[i].map((f) => ({ type: f.type, span: trimmed(text, f.start, f.end) }));
    const used = new Set();
    for (const p of pred) {
      // One-to-one: each gold span is matched at most once, by the best-overlapping prediction.
      let best = -1;
      let bestScore = 0;
      gold.forEach((g, j) => {
        if (used.has(j) || g.type !== p.type) return;
        const score =
          mode === 'exact'
            ? g.span[0] === p.span[0] && g.span[1] === p.span[1]
              ? 1
              : 0
            : iou(g.span, p.span);
        if (score > bestScore && (mode === 'exact' || score >= MIN_IOU)) {
          best = j;
          bestScore = score;
        }
      });
      if (best >= 0) {
        used.add(best);
        counts[p.type].tp++;
      } else {
        counts[p.type].fp++;
        misses.push(`FP ${p.type}: ${JSON.stringify(text.slice(...p.span))}  «${text.slice(0, 100)}»`);
      }
    }
    gold.forEach((g, j) => {
      if (used.has(j)) return;
      counts[g.type].fn++;
      misses.push(`FN ${g.type}: ${JSON.stringify(text.slice(...g.span))}  «${text.slice(0, 100)}»`);
    });
  });
  return { counts, misses };
};

/**
 * The masking view: what masking at ingest hides, whatever the boundaries. A gold span counts as
 * found when at least 90 % of its characters lie in finds of its type (one whole-address find covers
 * an address annotated as four pieces); a find counts as right when at least half of its characters
 * lie in gold spans of its type.
 */
const COVERED = 0.9;
const tallyMasked = () => {
  const counts = Object.fromEntries([...STRUCTURED, ...CONTEXTUAL].map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const inside = (span, spans) => {
    let n = 0;
    for (let i = span[0]; i < span[1]; i++) if (spans.some((s) => i >= s[0] && i < s[1])) n++;
    return span[1] > span[0] ? n / (span[1] - span[0]) : 0;
  };
  rows.forEach((row, i) => {
    const text = row.full_text;
    const gold = row.spans
      .filter((s) => TYPE_OF[s.entity_type])
      .map((s) => ({ type: TYPE_OF[s.entity_type], span: trimmed(text, s.start_position, s.end_position) }));
    const pred = predicted[i].map((f) => ({ type: f.type, span: trimmed(text, f.start, f.end) }));
    for (const g of gold) {
      const covered =
        inside(
          g.span,
          pred.filter((p) => p.type === g.type).map((p) => p.span),
        ) >= COVERED;
      counts[g.type][covered ? 'tp' : 'fn']++;
    }
    for (const p of pred)
      if (
        inside(
          p.span,
          gold.filter((g) => g.type === p.type).map((g) => g.span),
        ) < 0.5
      )
        counts[p.type].fp++;
  });
  return { counts };
};

/**
 * The token view, as presidio-research's evaluator counts (the comparison Presidio's published
 * figures use): the text is cut into tokens (words, numbers and single punctuation marks, roughly
 * spaCy's cut), each token gets the type of the gold span it starts in (or none) and the type of the
 * find it starts in (or none), and each token is counted once: right (same type), false positive
 * (found as a type the gold does not give it), false negative (gold type not found). Like
 * presidio-research's mapping of GPE and ZIP_CODE to LOCATION beside STREET_ADDRESS, a city, region
 * or postcode token (gold GPE, LOCATION, ZIP_CODE) found inside an address find is not counted
 * against it: a postal address includes them.
 */
const PLACE_PARTS = new Set(['GPE', 'LOCATION', 'ZIP_CODE']);
const tallyTokens = () => {
  const counts = Object.fromEntries([...STRUCTURED, ...CONTEXTUAL].map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  rows.forEach((row, i) => {
    const text = row.full_text;
    const at = (pos, spans) => spans.find((s) => pos >= s.start && pos < s.end);
    const goldAll = row.spans.map((s) => ({
      type: s.entity_type,
      start: s.start_position,
      end: s.end_position,
    }));
    for (const m of text.matchAll(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu)) {
      const pos = m.index;
      const g = at(pos, goldAll);
      const gold = g ? (TYPE_OF[g.type] ?? null) : null;
      const p = at(pos, predicted[i]);
      const pred = p ? p.type : null;
      if (pred === 'address' && g && PLACE_PARTS.has(g.type)) continue;
      if (gold && gold === pred) counts[gold].tp++;
      else {
        if (pred) counts[pred].fp++;
        if (gold) counts[gold].fn++;
      }
    }
  });
  return { counts };
};

const metrics = ({ tp, fp, fn }) => {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f2 = precision + recall ? (5 * precision * recall) / (4 * precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f2 };
};
const sum = (counts, types) =>
  types.reduce((a, t) => ({ tp: a.tp + counts[t].tp, fp: a.fp + counts[t].fp, fn: a.fn + counts[t].fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });

const report = {
  command: `node eval/pii.eval.mjs${asJson ? ' --json' : ''}`,
  sentences: rows.length,
  matching: `same type, one-to-one; overlap: intersection/union ≥ ${MIN_IOU}; exact: same offsets (both after trimming spaces and punctuation at the ends)`,
  secondsEndToEnd: Number(seconds.toFixed(1)),
};
for (const mode of ['overlap', 'exact', 'masked', 'token']) {
  const { counts, misses } =
    mode === 'masked' ? tallyMasked() : mode === 'token' ? tallyTokens() : tally(mode);
  report[mode] = {
    perType: Object.fromEntries(Object.entries(counts).map(([t, c]) => [t, metrics(c)])),
    structured: metrics(sum(counts, STRUCTURED)),
    contextual: metrics(sum(counts, CONTEXTUAL)),
    all: metrics(sum(counts, [...STRUCTURED, ...CONTEXTUAL])),
  };
  if (mode === 'overlap' && showMisses) report.misses = misses.slice(0, showMisses);
}

if (asJson) console.log(JSON.stringify(report, null, 2));
else {
  const f = (x) => x.toFixed(3);
  const line = (name, m) =>
    `${name.padEnd(12)} ${String(m.tp + m.fn).padStart(5)} ${String(m.tp).padStart(5)} ${String(m.fp).padStart(5)} ${String(m.fn).padStart(5)}  ${f(m.precision)}  ${f(m.recall)}  ${f(m.f2)}`;
  console.log(
    `[pii] ${report.sentences} sentences (presidio-research), ${report.secondsEndToEnd} s end to end`,
  );
  console.log(`[pii] matching: ${report.matching}`);
  for (const mode of ['overlap', 'exact', 'masked', 'token']) {
    const r = report[mode];
    console.log(`\n[pii] ${mode}:\ntype          gold    tp    fp    fn  precision recall  F2`);
    for (const [t, m] of Object.entries(r.perType)) console.log(line(t, m));
    console.log(line('structured', r.structured));
    console.log(line('contextual', r.contextual));
    console.log(line('all claimed', r.all));
  }
  if (report.misses) console.log(`\n${report.misses.join('\n')}`);
}
