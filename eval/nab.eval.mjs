// NAB evaluation: Vigil's streaming anomaly detector on the Numenta Anomaly Benchmark, scored the way
// NAB scores (see eval/RESULTS-anomalies.md). Development figures on the part of the corpus we have.
//
//   npx tsc -b packages/engine apps/workers && node eval/nab.eval.mjs [--json] [--files]
//   node eval/nab.eval.mjs --detector null|perfect|always   (checks of the scorer itself)
//   node eval/nab.eval.mjs --cv   (also: two-fold cross-validation of the threshold, below)
//
// Every series goes through the product's command line, `vigil detect` (one process per file, the
// CSV streamed through it). Reads ../shared/datasets/nab (or $VIGIL_DATASETS/nab) in place:
// data/<category>/<file>.csv, labels/combined_windows.json, config/profiles.json.
//
// NAB's scoring, as in its nab/sweeper.py and nab/runner.py (v1.1):
// - each labelled window is worth at most tpWeight: a detection at relative position p in the window
//   (-1 at its first point, 0 just after its last) scores scaledSigmoid(p) · tpWeight / scaledSigmoid(-1),
//   and only the best detection in a window (its earliest) counts; a window without one costs fnWeight;
// - a detection outside every window costs fpWeight · scaledSigmoid(distance past the previous window
//   in that window's widths) (−fpWeight when no window precedes it), every one of them;
// - the first 15% of each file (at most 750 rows) is probationary and not scored;
// - one threshold per profile, the best for the whole corpus, found by sweeping every distinct score
//   (a row is a detection when its score ≥ the threshold);
// - normalised to 0–100: 0 is the null detector (flags nothing: −fnWeight per window), 100 the
//   perfect one (tpWeight per window). As in NAB's runner.py, the null score is what the scorer gives
//   a detector that flags nothing (−fnWeight per window that has a row after the probationary
//   period), the perfect score tpWeight per labelled window.
//
// --cv: the threshold is the one thing fitted to the corpus, so it is also fitted on half the files
// (every other file in name order, so each category is split) and the other half scored at it,
// normalised against that half's own null and perfect detectors; then the halves swap. The held-out
// figures say how much of the score is the threshold fitting these files. Each half is also scored on
// its own (its own best threshold): half 1 is the development half the detector is tuned on, half 2
// the check half; a change to the detector is kept only if it raises both.
import { spawn } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DATASETS, REPO_ROOT, arg } from './lib.mjs';

const NAB = path.join(DATASETS, 'nab');
const PROBATIONARY_PERCENT = 0.15;
const asJson = process.argv.includes('--json');
const perFile = process.argv.includes('--files');
const crossValidate = process.argv.includes('--cv');
const detector = arg('detector', 'vigil');

const windowsByFile = JSON.parse(readFileSync(path.join(NAB, 'labels/combined_windows.json'), 'utf8'));
const profiles = JSON.parse(readFileSync(path.join(NAB, 'config/profiles.json'), 'utf8'));

/** NAB's scaled sigmoid: ~+1 early in a window, 0 at its end, towards −1 well past it. */
const scaledSigmoid = (x) => (x > 3 ? -1 : 2 / (1 + Math.exp(5 * x)) - 1);

/** NAB timestamps are "YYYY-MM-DD HH:MM:SS(.ffffff)" in both the data and the labels; compare them as such. */
const labelTime = (t) => t.slice(0, 19);

/** Run `vigil detect` on one file: its rows' timestamps and anomaly scores. */
async function vigilDetect(file) {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'apps/workers/bin/vigil.js'), 'detect'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const exited = once(child, 'close');
  await pipeline(createReadStream(file), child.stdin);
  const [code] = await exited;
  if (code !== 0) throw new Error(`vigil detect ${file} exited ${code}: ${stderr}`);
  const rows = out.trim().split('\n').slice(1);
  return rows.map((r) => {
    const [timestamp, , score] = r.split(',');
    return { timestamp, score: Number(score) };
  });
}

/** The reference detectors that check the scorer: rows straight from the data file. */
function referenceDetect(file, windows) {
  const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  const starts = new Set(windows.map((w) => labelTime(w[0])));
  return rows.map((r) => {
    const timestamp = r.split(',')[0];
    const score =
      detector === 'always' ? 1 : detector === 'perfect' ? (starts.has(labelTime(timestamp)) ? 1 : 0) : 0;
    return { timestamp, score };
  });
}

/**
 * NAB's sweeper, per file: every scored row (after the probationary period) with its score, the
 * window it lies in (or null), and what a detection there would be worth under a cost profile.
 */
function sweepRows(name, rows, windows, cost) {
  const times = rows.map((r) => labelTime(r.timestamp));
  const pending = windows.map(([a, b]) => [labelTime(a), labelTime(b)]);
  const maxTP = scaledSigmoid(-1);
  const probationary = Math.min(Math.floor(PROBATIONARY_PERCENT * rows.length), PROBATIONARY_PERCENT * 5000);
  const out = [];
  let window = null; // { name, right, width }
  let previous = null; // { right, width }
  for (let i = 0; i < rows.length; i++) {
    if (pending.length && times[i] === pending[0][0]) {
      const [left, right] = pending.shift();
      const rightIndex = times.indexOf(right, i);
      window = { name: `${name}|${left}`, right: rightIndex, width: rightIndex - i + 1 };
    }
    let worth;
    if (window) {
      worth = (scaledSigmoid(-(window.right - i + 1) / window.width) * cost.tpWeight) / maxTP;
    } else {
      const unweighted = previous ? scaledSigmoid(Math.abs(previous.right - i) / (previous.width - 1)) : -1;
      worth = unweighted * cost.fpWeight;
    }
    if (i >= probationary) out.push({ score: rows[i].score, window: window?.name ?? null, worth });
    if (window && i === window.right) {
      previous = window;
      window = null;
    }
  }
  return out;
}

/**
 * NAB's threshold sweep over the whole corpus: the raw score at every distinct threshold, highest
 * threshold first. Before any detection every window is a miss; lowering the threshold past a row
 * adds its cost if it is a false positive, or raises its window to the best detection seen in it.
 */
function sweepThresholds(rows, cost) {
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  const windowScore = new Map();
  for (const r of sorted) if (r.window) windowScore.set(r.window, -cost.fnWeight);
  let windowsTotal = -cost.fnWeight * windowScore.size;
  let fp = 0;
  const counts = { tp: 0, fp: 0, fn: windowScore.size };
  const results = [];
  let threshold = 1.1;
  for (const r of sorted) {
    if (r.score !== threshold) {
      results.push({ threshold, score: windowsTotal + fp, ...counts });
      threshold = r.score;
    }
    if (r.window === null) {
      fp += r.worth;
      counts.fp += 1;
    } else {
      const before = windowScore.get(r.window);
      if (before === -cost.fnWeight) {
        counts.tp += 1;
        counts.fn -= 1;
      }
      if (r.worth > before) {
        windowScore.set(r.window, r.worth);
        windowsTotal += r.worth - before;
      }
    }
  }
  results.push({ threshold, score: windowsTotal + fp, ...counts });
  return results;
}

const files = Object.keys(windowsByFile).sort();
const started = process.hrtime.bigint();
const scored = [];
for (const name of files) {
  const file = path.join(NAB, 'data', name);
  const rows = detector === 'vigil' ? await vigilDetect(file) : referenceDetect(file, windowsByFile[name]);
  scored.push({ name, rows });
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const windowCount = files.reduce((n, f) => n + windowsByFile[f].length, 0);

/** NAB's normalisation of a raw score over some files: null detector 0, perfect detector 100. */
function normalise(raw, sweep, names, cost) {
  const windows = names.reduce((n, f) => n + windowsByFile[f].length, 0);
  // sweep[0] is the tally with nothing flagged: −fnWeight for every window the scorer saw.
  const nullScore = sweep[0].score;
  const perfectScore = cost.tpWeight * windows;
  return (100 * (raw - nullScore)) / (perfectScore - nullScore);
}

const bestOf = (sweep) => sweep.reduce((a, b) => (b.score > a.score ? b : a));
/** The tally at a threshold: every row scoring at or above it flagged. */
const atThreshold = (sweep, threshold) => sweep.filter((x) => x.threshold >= threshold).at(-1);

const report = {};
for (const [profile, { CostMatrix: cost }] of Object.entries(profiles)) {
  const perFileRows = scored.map(({ name, rows }) => ({
    name,
    rows: sweepRows(name, rows, windowsByFile[name], cost),
  }));
  const sweep = sweepThresholds(
    perFileRows.flatMap((f) => f.rows),
    cost,
  );
  const best = bestOf(sweep);
  // Every row at or above the lowest score flagged: NAB's "always flag" baseline is this for a
  // detector that gives every row the same score.
  const lowest = sweep.at(-1);
  const normalised = normalise(best.score, sweep, Object.keys(windowsByFile), cost);
  const files = perFile
    ? perFileRows.map(({ name, rows }) => {
        // This file's tally with every row at or above the corpus threshold flagged.
        const atBest = atThreshold(sweepThresholds(rows, cost), best.threshold);
        return { name, windows: windowsByFile[name].length, ...atBest };
      })
    : undefined;
  const flagAll = normalise(lowest.score, sweep, Object.keys(windowsByFile), cost);
  const cv = crossValidate
    ? [0, 1].map((fold) => {
        const held = perFileRows.filter((_, i) => i % 2 === fold);
        const fitted = perFileRows.filter((_, i) => i % 2 !== fold);
        const threshold = bestOf(
          sweepThresholds(
            fitted.flatMap((f) => f.rows),
            cost,
          ),
        ).threshold;
        const heldSweep = sweepThresholds(
          held.flatMap((f) => f.rows),
          cost,
        );
        const names = held.map((f) => f.name);
        const windows = names.reduce((n, f) => n + windowsByFile[f].length, 0);
        const at = atThreshold(heldSweep, threshold);
        return {
          files: names.length,
          windows,
          threshold,
          score: normalise(at.score, heldSweep, names, cost),
          // The half scored on its own, at its own best threshold (NAB's way, on half the files): half
          // 1 is where the detector is tuned (development), half 2 where a change is checked.
          own: normalise(bestOf(heldSweep).score, heldSweep, names, cost),
        };
      })
    : undefined;
  report[profile] = {
    score: normalised,
    flagAll,
    raw: best.score,
    threshold: best.threshold,
    tp: best.tp,
    fp: best.fp,
    fn: best.fn,
    cv,
    files,
  };
}

if (asJson) {
  console.log(
    JSON.stringify({ detector, files: files.length, windows: windowCount, seconds, report }, null, 2),
  );
} else {
  console.log(
    `NAB (${files.length} files, ${windowCount} windows), detector: ${detector}, ${seconds.toFixed(1)} s`,
  );
  for (const [profile, r] of Object.entries(report)) {
    console.log(
      `  ${profile.padEnd(20)} ${r.score.toFixed(1).padStart(6)}   (raw ${r.raw.toFixed(2)}, threshold ${r.threshold}, TP ${r.tp}, FP ${r.fp}, FN ${r.fn}; flagging every row: ${r.flagAll.toFixed(1)})`,
    );
    if (r.cv) {
      console.log(
        `      held out: ${r.cv.map((f, i) => `half ${i + 1} (${f.files} files, ${f.windows} windows) ${f.score.toFixed(1)} at threshold ${f.threshold}`).join('; ')}; mean ${((r.cv[0].score + r.cv[1].score) / 2).toFixed(1)}`,
      );
      console.log(
        `      halves on their own: development (half 1) ${r.cv[0].own.toFixed(1)}, check (half 2) ${r.cv[1].own.toFixed(1)}`,
      );
    }
    if (r.files) {
      for (const f of r.files) {
        console.log(
          `      ${f.name.padEnd(58)} w=${f.windows} tp=${f.tp} fp=${f.fp} fn=${f.fn} raw=${f.score.toFixed(2)}`,
        );
      }
    }
  }
}
