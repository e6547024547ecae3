/**
 * Per-conversation outliers: a conversation whose handle time, longest silence, transfers or message
 * count is far from what its team and channel usually see. Found by the workers after each scored
 * batch and recorded as a signal on the conversation (see CONVERSATION_SIGNAL_KINDS).
 */

export const OUTLIER_METRICS = ['handle_time', 'silence', 'transfers', 'messages'] as const;
export type OutlierMetric = (typeof OUTLIER_METRICS)[number];

/** The signal kind each metric's outliers are recorded as. */
export const OUTLIER_SIGNAL_KINDS = [
  'outlier_handle_time',
  'outlier_silence',
  'outlier_transfers',
  'outlier_messages',
] as const satisfies readonly `outlier_${OutlierMetric}`[];
export type OutlierSignalKind = (typeof OUTLIER_SIGNAL_KINDS)[number];

/** The `detail` of an outlier signal. */
export interface OutlierSignalDetail {
  metric: OutlierMetric;
  /** The conversation's value: seconds for handle_time and silence, a count for transfers and messages. */
  value: number;
  /** The typical value of its team and channel (the norm's centre, in the same unit). */
  expected: number;
  /** How far from the norm, in robust standard deviations on the log scale; negative below it. */
  z: number;
  direction: 'above' | 'below';
  /** Earlier conversations of its team and channel the norm was learnt from. */
  conversations: number;
  team: string | null;
  channel: string;
}
