import type { OutlierMetric, OutlierSignalDetail } from '@vigil/contracts';

/**
 * Running statistics of one metric in one team and channel, on the log scale (log1p of the value):
 * handle times and silences are skewed (most short, a few very long), and on the log scale "3× the
 * usual" is the same distance whatever the usual is. `m2` is the sum of squared deviations from
 * the mean (Welford), so two norms merge exactly (Chan et al.): the workers merge a batch's norm into
 * the stored one in one statement (OutlierNormRepository), whatever order the batches come in.
 */
export interface Norm {
  conversations: number;
  mean: number;
  m2: number;
}

export const EMPTY_NORM: Norm = { conversations: 0, mean: 0, m2: 0 };

export const OUTLIER_RULES = {
  /** Fewer earlier conversations in the team and channel than this: too little history, no signal. */
  minConversations: 50,
  /** How many standard deviations (log scale) from the norm a value must be to be an outlier. */
  minZ: 3,
  /**
   * The least spread assumed (log scale). A team whose conversations are all alike (every one 4
   * messages, none transferred) would otherwise call the first slight difference an outlier; with
   * 0.25, a value must be about 2.1× (or under half) the usual, and one transfer where none is
   * usual is not yet one (two are).
   */
  minSpread: 0.25,
} as const;

/** The metrics whose outliers are also those far below the norm (a conversation cut short). */
const BOTH_SIDES: ReadonlySet<OutlierMetric> = new Set(['messages']);

export const toLogScale = (value: number): number => Math.log1p(Math.max(0, value));
export const fromLogScale = (value: number): number => Math.expm1(value);

/** Chan's parallel formula: the norm of the union of two sets of values. */
export function mergeNorms(a: Norm, b: Norm): Norm {
  const conversations = a.conversations + b.conversations;
  if (conversations === 0) return EMPTY_NORM;
  const delta = b.mean - a.mean;
  return {
    conversations,
    mean: a.mean + (delta * b.conversations) / conversations,
    m2: a.m2 + b.m2 + (delta * delta * a.conversations * b.conversations) / conversations,
  };
}

/** Welford's step: the norm with one more value (log scale). */
export function addToNorm(norm: Norm, logValue: number): Norm {
  return mergeNorms(norm, { conversations: 1, mean: logValue, m2: 0 });
}

/** The standard deviation (log scale), never below OUTLIER_RULES.minSpread. */
export function spreadOf(norm: Norm): number {
  const variance = norm.conversations > 1 ? norm.m2 / (norm.conversations - 1) : 0;
  return Math.max(OUTLIER_RULES.minSpread, Math.sqrt(Math.max(0, variance)));
}

const isWarm = (norm: Norm) => norm.conversations >= OUTLIER_RULES.minConversations;

/**
 * What a value adds to its norm: itself, or, once the norm is warm, at most the outlier margin
 * away from it. A conversation left open over a weekend must not widen the norm so much that the
 * next ones go unnoticed; a team that really becomes slower still moves the norm, a margin at a time.
 */
export function learnedValue(norm: Norm, logValue: number): number {
  if (!isWarm(norm)) return logValue;
  const margin = OUTLIER_RULES.minZ * spreadOf(norm);
  return Math.min(norm.mean + margin, Math.max(norm.mean - margin, logValue));
}

/** The outlier a value is against its norm, or null (not far enough out, or too little history). */
export function judgeOutlier(
  metric: OutlierMetric,
  value: number,
  norm: Norm,
  where: { team: string | null; channel: string },
): OutlierSignalDetail | null {
  if (!isWarm(norm)) return null;
  const z = (toLogScale(value) - norm.mean) / spreadOf(norm);
  const above = z >= OUTLIER_RULES.minZ;
  const below = BOTH_SIDES.has(metric) && z <= -OUTLIER_RULES.minZ;
  if (!above && !below) return null;
  return {
    metric,
    value: round(value, 1),
    expected: round(fromLogScale(norm.mean), 1),
    z: round(z, 2),
    direction: above ? 'above' : 'below',
    conversations: norm.conversations,
    team: where.team,
    channel: where.channel,
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
