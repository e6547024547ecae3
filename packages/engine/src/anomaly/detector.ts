/**
 * Streaming anomaly detection over one series of (timestamp, value) points.
 *
 * Pure and strictly causal: `detect(state, point)` scores a point against what the state learned from
 * the points before it, then learns from the point. The state is a small JSON object of fixed size (a
 * few hundred numbers whatever the history length), so the workers can keep one per series in
 * Postgres or Redis, and each point costs O(1).
 *
 * How a point is scored, in three cheap views:
 *  1. Expectation. Three robust Holt-Winters-style forecasters run side by side: the level alone; a
 *     slow (half-day) level plus a time-of-day profile of 96 quarter-hours; that plus an hour-of-week
 *     profile (profiles are interpolated between bucket centres, so 5-minute and hourly series both
 *     work, and the slow level leaves the daily shape to the profile). Each keeps the mean absolute
 *     size of its own errors; the point is judged by the forecaster that has predicted best so far, so
 *     a series with a daily or weekly rhythm is compared with its usual value at that time, and one
 *     without is not forced into one. Errors are winsorised before they update anything, so one spike
 *     neither drags the baseline nor inflates the spread.
 *  2. Surprise. The error in units of that forecaster's spread (a robust z-score), averaged over the
 *     last few points: a lone spike and a sustained level shift both raise it.
 *  3. Likelihood. Like Numenta's "anomaly likelihood", the recent surprise is compared with the
 *     series' own long-run distribution of surprise, so a noisy series does not alarm all day and a
 *     calm one is not deaf: the anomaly score is how many of its own standard deviations above normal
 *     the surprise is, squashed to [0, 1]. In a spiky series (single points' surprise spread well
 *     beyond its mean: recurring spikes) it is measured a second time, against the spread of single
 *     points' surprise (as Numenta does: the raw scores' distribution, the short average tested
 *     against it), and the smaller score counts. The average's own spread is narrow, so on its own
 *     every spike stands out, even in a series that spikes to that size every few hours; against the
 *     single points' spread, spikes no larger than the series' usual ones stop being news, while a
 *     sustained shift or a spike beyond the usual still is. A series with ordinary noise is judged
 *     as before (the second view would only make it slower to notice a modest shift).
 *  4. Flatness. A series that usually moves but repeats exactly the same value for a while (a stuck
 *     sensor, a feed that stopped) is scored at `FLAT_SCORE` even though the value itself may be
 *     unremarkable, unless repeated values are common in that series (counts that are often 0).
 * After an alarm (a score at `low` severity or above) the scores of the next `quietPoints` points are
 * damped, so one incident is announced once rather than at every point of it.
 *
 * Time is in milliseconds; gaps and irregular steps are handled by scaling every learning rate by
 * the elapsed time in typical steps, and a late point (older than the last one) is scored but moves
 * the clock no further.
 */

/** Learned state of one series; plain JSON (numbers and arrays of numbers). */
export interface AnomalyState {
  /** Format version, so a stored state from an older release can be recognised and reset. */
  v: 2;
  /** Points seen. */
  n: number;
  /** Timestamp (ms) of the newest point seen, or null before the first. */
  t: number | null;
  /** Typical step between points (ms), a robust running estimate. */
  step: number;
  /** Per forecaster (level, daily, weekly): level. */
  level: number[];
  /** Per forecaster: mean absolute error (its spread), winsorised. */
  spread: number[];
  /** Time-of-day profile (96 quarter-hour offsets, UTC) of the daily forecaster. */
  daily: number[];
  /** Hour-of-week profile (168 offsets, Monday 00:00 UTC first) of the weekly forecaster. */
  weekly: number[];
  /** Short average of the surprise (robust |z|). */
  surprise: number;
  /** Long-run mean and variance of that short average. */
  mean: number;
  variance: number;
  /** Long-run variance of single points' surprise around the same mean (recurring spikes widen it). */
  pointVariance: number;
  /** The previous value, and how many points in a row have repeated it exactly. */
  last: number;
  run: number;
  /**
   * Long-run share of points that repeat their predecessor exactly: a decaying average from 0 at the
   * long-run rate from the first point (an equal-weight start, as the surprise distribution has, would
   * let a young series' flatline excuse itself with its own first points). A flatline that goes on
   * passes the 1% mark after about ten of its points, by which time it has been announced once.
   */
  repeats: number;
  /** Points left in the quiet period after an alarm (0: none). */
  quiet: number;
}

export type AnomalySeverity = 'none' | 'low' | 'medium' | 'high';

export interface AnomalyResult {
  /** Anomaly score in [0, 1]; 0 while the series has too little history. */
  score: number;
  severity: AnomalySeverity;
  /** The value expected at this time (for an expected band on charts), or null during warm-up. */
  expected: number | null;
  /** Half-width of the usual band around `expected` (about one robust standard deviation). */
  spread: number | null;
}

export interface AnomalyOptions {
  /** Points before any score is given (the detector stays quiet while it learns). */
  warmup: number;
  /** Points after an alarm during which scores are damped, so one incident is announced once. */
  quietPoints: number;
}

export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = { warmup: 100, quietPoints: 100 };

/** Severity cut-offs on the score (alerts use these; the score itself stays continuous). */
export const SEVERITY_THRESHOLDS = { low: 0.15, medium: 0.4, high: 0.7 } as const;

const HOUR = 3_600_000;
const DAY_BUCKETS = 96;
const WEEK_HOURS = 168;
/** Level learning rate per typical step of the forecaster without seasons. */
const LEVEL_RATE = 0.05;
/**
 * Hours over which the seasonal forecasters' level moves (at most LEVEL_RATE per step): slow, so the
 * profile, not the level, follows the hours of the day, and a day that breaks the rhythm stands out.
 */
const SEASONAL_LEVEL_HOURS = 12;
/** Spread learning rate per typical step (slower: the spread is the yardstick). */
const SPREAD_RATE = 0.01;
/** Cycles a seasonal profile remembers (its learning rate is 1 / (cycles × points per bucket)). */
const PROFILE_CYCLES = 3;
/** Errors beyond this many spreads are winsorised before they update anything. */
const CLIP = 2.5;
/** Rate of the short surprise average (~ the last 5 points). */
const SURPRISE_RATE = 0.2;
/** Rate of the long-run surprise distribution (~ the last 1,000 points). */
const LIKELIHOOD_RATE = 0.001;
/** A seasonal forecaster is used only when its errors are this much smaller than the simpler one's. */
const SEASONAL_ADVANTAGE = 0.9;
/** Standard deviations of surprise (of the short average's distribution) at which the score reaches 0.5. */
const HALF_SCORE_AT = 9;
/**
 * The same against the distribution of single points' surprise. It is wider (a short average is
 * narrower than what it averages), so fewer of its standard deviations make the same score.
 */
const POINT_HALF_SCORE_AT = 5;
/**
 * A series is spiky, and judged against single points' surprise too, when their standard deviation
 * is more than this many times their mean (at least 1). Ordinary noise gives about 0.75 (the size of
 * a normal z-score), exponential-like surprise 1; recurring spikes give several.
 */
const SPIKY = 1.5;
/** Points in a row repeating the same value (after the first) that make a flatline. */
const FLAT_RUN = 6;
/** A flatline is news only in a series where fewer than this share of points repeat their predecessor. */
const FLAT_SHARE = 0.01;
/** Score of a flatline (severity low: the series stopped moving, its value may be usual). */
const FLAT_SCORE = 0.3;
/** Score factor during the quiet period after an alarm. */
const QUIET_FACTOR = 0.2;
/**
 * Points before the long-run surprise distribution starts learning. The forecasters' first spreads
 * are averages of a handful of errors (the very first is 0), so the surprise of the first points says
 * how little the forecasters know yet, not how the series behaves; learned into the distribution it
 * inflated its mean and spread for the next thousand points, and a series with two hours of minute
 * history could not raise even a tripled volume.
 */
const SETTLE_POINTS = 30;
/**
 * Smallest standard deviation of the surprise, as a share of its mean (at least 1): a distribution
 * learned over a few hundred points of a very regular series can be narrower than the series really
 * is (a seasonal series while its profile is still settling), and one ordinary morning then alarms.
 */
const SD_FLOOR = 0.3;
/** Mean absolute deviation → standard deviation for a normal distribution. */
const MAD_TO_SD = 1.2533;

export function newAnomalyState(): AnomalyState {
  return {
    v: 2,
    n: 0,
    t: null,
    step: 0,
    level: [0, 0, 0],
    spread: [0, 0, 0],
    daily: new Array<number>(DAY_BUCKETS).fill(0),
    weekly: new Array<number>(WEEK_HOURS).fill(0),
    surprise: 0,
    mean: 0,
    variance: 0,
    pointVariance: 0,
    last: 0,
    run: 0,
    repeats: 0,
    quiet: 0,
  };
}

export function severityOf(score: number): AnomalySeverity {
  if (score >= SEVERITY_THRESHOLDS.high) return 'high';
  if (score >= SEVERITY_THRESHOLDS.medium) return 'medium';
  if (score >= SEVERITY_THRESHOLDS.low) return 'low';
  return 'none';
}

/** Where a time falls in a profile of `size` hourly buckets: the two buckets around it and the weight of the second. */
function position(hours: number, size: number): [number, number, number] {
  // Bucket b holds the value at hour b + 0.5, so interpolate between bucket centres.
  const p = (((hours - 0.5) % size) + size) % size;
  const b0 = Math.floor(p);
  return [b0, (b0 + 1) % size, p - b0];
}

const at = (profile: number[], [b0, b1, w]: [number, number, number]) =>
  profile[b0]! * (1 - w) + profile[b1]! * w;

/** Rate for `steps` typical steps of a per-step rate (a gap counts as that many steps). */
const over = (rate: number, steps: number) => 1 - Math.pow(1 - rate, steps);

/**
 * Score one point and learn from it. Mutates `state` (the caller owns it; copy it first
 * to keep the old one). Non-finite values are not learned from and score 0.
 */
export function detect(
  state: AnomalyState,
  timestamp: number,
  value: number,
  options: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS,
): AnomalyResult {
  if (!Number.isFinite(value) || !Number.isFinite(timestamp)) {
    return { score: 0, severity: 'none', expected: null, spread: null };
  }
  if (state.t === null) {
    state.t = timestamp;
    state.n = 1;
    state.level = [value, value, value];
    state.last = value;
    return { score: 0, severity: 'none', expected: null, spread: null };
  }

  // Elapsed time in typical steps: a gap speeds learning up as if the missed points had come; a late
  // or repeated point counts as one step and leaves the clock where it is.
  const dt = timestamp - state.t;
  if (dt > 0) {
    state.step =
      state.step === 0
        ? dt
        : state.step + 0.05 * (Math.min(Math.max(dt, state.step / 3), state.step * 3) - state.step);
    state.t = timestamp;
  }
  const steps = dt > 0 ? Math.min(dt / state.step, 1000) : 1;
  const hours = timestamp / HOUR + 72; // 1970-01-01 was a Thursday: +72 h puts Monday 00:00 at 0
  const day = position(hours * (DAY_BUCKETS / 24), DAY_BUCKETS);
  const week = position(hours, WEEK_HOURS);
  const pointsPerHour = Math.max(HOUR / state.step, 1);

  const forecasts = [
    state.level[0]!,
    state.level[1]! + at(state.daily, day),
    state.level[2]! + at(state.weekly, week) + at(state.daily, day),
  ];
  // The weekly forecaster refines the daily profile with an hour-of-week correction.
  const chosen = choose(state.spread);
  const expected = forecasts[chosen]!;
  const spread = state.spread[chosen]!;
  const tiny = 1e-9 * (1 + Math.abs(expected));
  const z = (value - expected) / (spread * MAD_TO_SD + tiny);

  // Surprise: robust |z|, capped so one absurd value cannot dominate the average for long.
  const surprise = Math.min(Math.abs(z), 50);
  state.surprise += SURPRISE_RATE * (surprise - state.surprise);
  const repeat = value === state.last ? 1 : 0;
  state.run = repeat ? state.run + 1 : 0;
  state.last = value;

  let score = 0;
  const warm = state.n >= options.warmup;
  if (warm) {
    const typical = Math.max(state.mean, 1);
    const floor = Math.max(SD_FLOOR * typical, 0.05);
    const excess = state.surprise - state.mean;
    score = squash(excess / Math.max(Math.sqrt(state.variance), floor), HALF_SCORE_AT);
    const pointSd = Math.sqrt(state.pointVariance);
    if (pointSd > SPIKY * typical) score = Math.min(score, squash(excess / pointSd, POINT_HALF_SCORE_AT));
    if (state.run >= FLAT_RUN && state.repeats < FLAT_SHARE) score = Math.max(score, FLAT_SCORE);
    // Damped after an alarm: the same incident is announced once.
    if (state.quiet > 0) score *= QUIET_FACTOR;
    else if (score >= SEVERITY_THRESHOLDS.low) state.quiet = options.quietPoints;
  }
  state.quiet = Math.max(0, state.quiet - steps);
  state.repeats += over(LIKELIHOOD_RATE, steps) * (repeat - state.repeats);

  // Learn the long-run surprise distribution once the forecasters have settled (an equal-weight
  // average of what came since, then a decaying one), so it is ready well before warm-up ends.
  const learned = state.n - SETTLE_POINTS;
  if (learned >= 0) {
    const lr = learned < 1 / LIKELIHOOD_RATE ? 1 / (learned + 1) : over(LIKELIHOOD_RATE, steps);
    const delta = state.surprise - state.mean;
    const pointDelta = surprise - state.mean;
    state.mean += lr * delta;
    state.variance = (1 - lr) * (state.variance + lr * delta * delta);
    state.pointVariance = (1 - lr) * (state.pointVariance + lr * pointDelta * pointDelta);
  }

  // Learn each forecaster from its own winsorised error.
  const seasonRate = 1 / (PROFILE_CYCLES * Math.max(pointsPerHour / (DAY_BUCKETS / 24), 1));
  const weekRate = 1 / (PROFILE_CYCLES * pointsPerHour);
  const seasonalLevelRate = Math.min(LEVEL_RATE, 1 / (pointsPerHour * SEASONAL_LEVEL_HOURS));
  for (let i = 0; i < 3; i++) {
    const error = value - forecasts[i]!;
    const s = state.spread[i]!;
    const limit = CLIP * s * MAD_TO_SD;
    const clipped = state.n < 10 || s === 0 ? error : Math.max(-limit, Math.min(limit, error));
    const spreadRate = state.n < 1 / SPREAD_RATE ? 1 / (state.n + 1) : over(SPREAD_RATE, steps);
    state.spread[i] = s + spreadRate * (Math.abs(clipped) - s);
    state.level[i]! += over(i === 0 ? LEVEL_RATE : seasonalLevelRate, steps) * clipped;
    if (i === 1) learnProfile(state.daily, day, seasonRate * clipped);
    if (i === 2) learnProfile(state.weekly, week, weekRate * clipped);
  }
  state.n += 1;

  return {
    score,
    severity: severityOf(score),
    expected: warm ? expected : null,
    spread: warm ? spread * MAD_TO_SD : null,
  };
}

/** A number of standard deviations above normal, squashed to [0, 1): 0.5 at `half`. */
function squash(excess: number, half: number): number {
  const x = Math.max(0, excess);
  return (x * x) / (x * x + half * half);
}

function learnProfile(profile: number[], [b0, b1, w]: [number, number, number], step: number) {
  profile[b0]! += step * (1 - w);
  profile[b1]! += step * w;
}

/** The forecaster to judge by: the simplest one unless a seasonal one is clearly better. */
function choose(spread: number[]): number {
  let best = 0;
  for (let i = 1; i < spread.length; i++) {
    if (spread[i]! < spread[best]! * SEASONAL_ADVANTAGE) best = i;
  }
  return best;
}

/** A state read back from storage, or a fresh one if it is not a state this version can continue. */
export function restoreAnomalyState(stored: unknown): AnomalyState {
  const s = stored as Partial<AnomalyState> | null;
  if (
    !s ||
    s.v !== 2 ||
    !Array.isArray(s.daily) ||
    s.daily.length !== DAY_BUCKETS ||
    !Array.isArray(s.weekly) ||
    s.weekly.length !== WEEK_HOURS
  ) {
    return newAnomalyState();
  }
  return s as AnomalyState;
}
