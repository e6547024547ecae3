import { OUTLIER_METRICS, type Conversation, type OutlierMetric } from '@vigil/contracts';
import { measureConversation } from './measures';
import { EMPTY_NORM, addToNorm, judgeOutlier, learnedValue, toLogScale, type Norm } from './norms';

/** A scored conversation as the outlier step sees it. */
export interface OutlierSubject {
  id: string;
  team: string | null;
  channel: string;
  content: Conversation;
}

/** A norm as stored: per team ('' for conversations without one), channel and metric. */
export interface StoredNorm extends Norm {
  team: string;
  channel: string;
  metric: string;
}

export interface BatchJudgement {
  /** The outliers found, as signals on their conversations. */
  signals: { conversationId: string; kind: `outlier_${OutlierMetric}`; detail: Record<string, unknown> }[];
  /** The batch's own norms, to merge into the stored ones (one row per team, channel and metric). */
  norms: StoredNorm[];
}

const teamOf = (s: OutlierSubject) => s.team ?? '';
const key = (team: string, channel: string, metric: string) => `${team}\u0000${channel}\u0000${metric}`;

/** The (team, channel) pairs whose stored norms a batch is judged against, each once. */
export function normPairs(subjects: readonly OutlierSubject[]): { team: string; channel: string }[] {
  const pairs = new Map<string, { team: string; channel: string }>();
  for (const s of subjects) pairs.set(key(teamOf(s), s.channel, ''), { team: teamOf(s), channel: s.channel });
  return [...pairs.values()];
}

/**
 * Judges each conversation of a batch against its team and channel's norms as they stood before the
 * batch, and makes the batch's own norms of what it learns (see learnedValue). Pure: the workers read
 * the stored norms before and merge the result after (OutliersService).
 */
export function judgeBatch(
  subjects: readonly OutlierSubject[],
  stored: readonly StoredNorm[],
): BatchJudgement {
  const before = new Map<string, Norm>(stored.map((n) => [key(n.team, n.channel, n.metric), n]));
  const signals: BatchJudgement['signals'] = [];
  const batch = new Map<string, StoredNorm>();
  for (const s of subjects) {
    const team = teamOf(s);
    const measures = measureConversation(s.content);
    for (const metric of OUTLIER_METRICS) {
      const value = measures[metric];
      if (value === null) continue;
      const k = key(team, s.channel, metric);
      const norm = before.get(k) ?? EMPTY_NORM;
      const outlier = judgeOutlier(metric, value, norm, { team: s.team, channel: s.channel });
      if (outlier) signals.push({ conversationId: s.id, kind: `outlier_${metric}`, detail: { ...outlier } });
      const learned = addToNorm(batch.get(k) ?? EMPTY_NORM, learnedValue(norm, toLogScale(value)));
      batch.set(k, { team, channel: s.channel, metric, ...learned });
    }
  }
  return { signals, norms: [...batch.values()] };
}
