// Shared helpers for the evaluation scripts: dataset loaders and metrics. Reads the public
// development sets from ../shared/datasets (never copied into this repository).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..');
export const DATASETS = process.env.VIGIL_DATASETS ?? path.resolve(REPO_ROOT, '..', 'shared', 'datasets');

/** A one-message customer conversation in the ingest contract, as `vigil score` reads it. */
export const oneMessage = (text, language = 'en') => ({
  externalId: 'eval',
  source: 'eval',
  channel: 'chat',
  language,
  startedAt: '2026-01-01T00:00:00Z',
  endedAt: '2026-01-01T00:10:00Z',
  agents: [],
  customer: {},
  metadata: {},
  messages: [{ role: 'customer', text }],
});

/**
 * Score conversations through ONE `vigil score` child process (the product's command line; build it
 * first with `npm run build`). `config` (optional) is an engine configuration document,
 * written to a temporary file for `--config`. The conversations are streamed to its stdin as NDJSON
 * (with backpressure); each stdout line is parsed and passed through `pick` (to keep only what the
 * caller needs), and the results come back in input order. Rejects with the command's stderr when it
 * exits non-zero, and with the errors of the first line it could not score.
 */
export async function vigilScore(conversations, { config, pick = (r) => r } = {}) {
  const args = [path.join(REPO_ROOT, 'apps/workers/bin/vigil.js'), 'score'];
  const dir = config ? mkdtempSync(path.join(os.tmpdir(), 'vigil-eval-')) : undefined;
  if (dir) {
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
    args.push('--config', path.join(dir, 'config.json'));
  }
  try {
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const exited = new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve(signal ?? code));
    });
    const lines = function* () {
      for (const c of conversations) yield `${JSON.stringify(c)}\n`;
    };
    const fed = pipeline(Readable.from(lines()), child.stdin); // pipeline honours backpressure
    fed.catch(() => {}); // reported below, after the exit status (a crash shows up here as EPIPE)
    const results = [];
    let invalid;
    const output = createInterface({ input: child.stdout, crlfDelay: Infinity });
    output.on('line', (line) => {
      const r = JSON.parse(line);
      if (r.errors) invalid ??= r;
      else results.push(pick(r));
    });
    await once(output, 'close');
    const status = await exited;
    if (invalid) throw new Error(`vigil score: line ${invalid.line}: ${JSON.stringify(invalid.errors)}`);
    if (status !== 0) throw new Error(`vigil score exited with ${status}: ${stderr.trim()}`);
    await fed;
    if (results.length !== conversations.length)
      throw new Error(`vigil score returned ${results.length} results for ${conversations.length} inputs`);
    return results;
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** VADER ground truth: `id<TAB>mean<TAB>text`, CRLF, last line without newline. */
export function loadVader(file) {
  const raw = readFileSync(path.join(DATASETS, 'vader', file), 'utf8');
  const rows = [];
  for (const line of raw.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const a = line.indexOf('\t');
    const b = line.indexOf('\t', a + 1);
    if (a < 0 || b < 0) continue;
    rows.push({ id: line.slice(0, a), mean: Number(line.slice(a + 1, b)), text: line.slice(b + 1) });
  }
  return rows;
}

/** GoEmotions: `text<TAB>label ids<TAB>id`; labels by index from labels.txt. */
export function loadGoEmotions(split) {
  const dir = path.join(DATASETS, 'goemotions');
  const labels = readFileSync(path.join(dir, 'labels.txt'), 'utf8').split(/\r?\n/).filter(Boolean);
  const rows = [];
  for (const line of readFileSync(path.join(dir, `${split}.tsv`), 'utf8').split(/\r?\n/)) {
    if (!line) continue;
    const [text, ids] = line.split('\t');
    rows.push({ text, labels: ids.split(',').map((i) => labels[Number(i)]) });
  }
  return { labels, rows };
}

export function loadEkmanMapping() {
  return JSON.parse(readFileSync(path.join(DATASETS, 'goemotions', 'ekman_mapping.json'), 'utf8'));
}

export function pearson(xs, ys) {
  const n = xs.length;
  let mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx,
      dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

// VADER's convention (inclusive): compound >= 0.05 positive, <= -0.05 negative; reproduces the published npm F1.
export const cls3 = (v, t = 0.05) => (v >= t ? 'pos' : v <= -t ? 'neg' : 'neu');

/** Support-weighted F1 over the classes present in gold (sklearn's average='weighted'). */
export function weightedF1(gold, pred) {
  const classes = [...new Set(gold)];
  let total = 0,
    acc = 0;
  for (const c of classes) {
    let tp = 0,
      fp = 0,
      fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (pred[i] === c && gold[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    const support = tp + fn;
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    acc += f1 * support;
    total += support;
  }
  return acc / total;
}

export function binaryF1(gold, pred) {
  let tp = 0,
    fp = 0,
    fn = 0;
  for (let i = 0; i < gold.length; i++) {
    if (pred[i] && gold[i]) tp++;
    else if (pred[i]) fp++;
    else if (gold[i]) fn++;
  }
  return {
    f1: tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
    precision: tp / (tp + fp || 1),
    recall: tp / (tp + fn || 1),
    support: tp + fn,
  };
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** The value after --name on the command line, or the default. */
export const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of strings. */
export function parseCsv(raw) {
  const rows = [];
  let row = [],
    f = '',
    q = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (q) {
      if (c === '"') {
        if (raw[i + 1] === '"') {
          f += '"';
          i++;
        } else q = false;
      } else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(f);
      f = '';
    } else if (c === '\n') {
      row.push(f);
      rows.push(row);
      row = [];
      f = '';
    } else if (c !== '\r') f += c;
  }
  if (f || row.length) {
    row.push(f);
    rows.push(row);
  }
  return rows;
}
