import { OUTLIER_METRICS, type OutlierMetric } from '@vigil/contracts';
import type { FoundSignal, OutlierNormRepository, OutlierNormRow, StoredConversation } from '@vigil/data';
import {
  EMPTY_NORM,
  addToNorm,
  judgeOutlier,
  learnedValue,
  measureConversation,
  toLogScale,
  type Norm,
} from '@vigil/engine';

/** The norm a conversation is judged against: its team ('' without one), channel and the metric. */
const normKey = (team: string, channel: string, metric: string) => `${team}\u0000${channel}\u0000${metric}`;

/**
 * After a batch is scored: judges each conversation's handle time, longest silence, transfers and
 * message count against its team and channel's norms as they stood before the batch, records the
 * outliers as signals on the conversations, and merges the batch into the norms. Three statements per
 * batch whatever its size: read the norms, and (in one transaction) merge them and store the signals.
 */
export class OutliersService {
  constructor(private readonly repository: OutlierNormRepository) {}

  async record(conversations: readonly StoredConversation[]): Promise<{ signals: number }> {
    const measured = conversations.map((c) => ({
      id: c.id,
      team: c.team ?? '',
      channel: c.channel,
      measures: measureConversation(c.content),
    }));
    const pairs = new Map(measured.map((m) => [`${m.team}\u0000${m.channel}`, m]));
    const stored = new Map<string, Norm>(
      (await this.repository.norms([...pairs.values()])).map((r) => [
        normKey(r.team, r.channel, r.metric),
        { conversations: r.conversations, mean: r.mean, m2: r.m2 },
      ]),
    );

    const signals: FoundSignal[] = [];
    const batch = new Map<string, OutlierNormRow>();
    for (const m of measured) {
      for (const metric of OUTLIER_METRICS) {
        const value = m.measures[metric];
        if (value === null) continue;
        const key = normKey(m.team, m.channel, metric);
        const norm = stored.get(key) ?? EMPTY_NORM;
        const outlier = judgeOutlier(metric, value, norm, { team: m.team || null, channel: m.channel });
        if (outlier) signals.push({ conversationId: m.id, kind: signalKind(metric), detail: { ...outlier } });
        const learned = addToNorm(batch.get(key) ?? EMPTY_NORM, learnedValue(norm, toLogScale(value)));
        batch.set(key, { team: m.team, channel: m.channel, metric, ...learned });
      }
    }
    await this.repository.record([...batch.values()], signals);
    return { signals: signals.length };
  }
}

const signalKind = (metric: OutlierMetric) => `outlier_${metric}` as const;
