import type { DataSource } from 'typeorm';
import { ASYNC_COMMIT } from '../conversations/scoring.repository';
import { saveConversationSignals, type FoundSignal } from '../signals/conversation-signals';

/**
 * The running statistics of one metric (log scale) in one team and channel: count, mean and sum of
 * squared deviations. `team` is '' for conversations without one.
 */
export interface OutlierNormRow {
  team: string;
  channel: string;
  metric: string;
  conversations: number;
  mean: number;
  m2: number;
}

/**
 * Merges a batch's norms into the stored ones with Chan et al.'s parallel formula, in the row lock
 * of the upsert: two workers processes merging at once are serialised per row, and each merges into
 * what the other wrote, so no batch is lost or counted twice. The right-hand sides read the stored
 * row (`n`) before the update. Rows are inserted in key order so that two batches touching the same
 * norms lock them in the same order and cannot deadlock.
 */
const MERGE_NORMS = `
  INSERT INTO conversation_norm AS n (team, channel, metric, conversations, mean, m2)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::float8[], $6::float8[])
    AS v(team, channel, metric, conversations, mean, m2)
   ORDER BY 1, 2, 3
  ON CONFLICT (team, channel, metric) DO UPDATE SET
    conversations = n.conversations + excluded.conversations,
    mean = n.mean + (excluded.mean - n.mean) * excluded.conversations::float8
                    / (n.conversations + excluded.conversations)::float8,
    m2 = n.m2 + excluded.m2 + (excluded.mean - n.mean) ^ 2 * n.conversations::float8
                    * excluded.conversations::float8 / (n.conversations + excluded.conversations)::float8,
    updated_at = now()`;

/** The norms per-conversation outliers are judged against (see ConversationOutliers1796750000000). */
export class OutlierNormRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every stored norm of these (team, channel) pairs, in one query. */
  async norms(pairs: readonly { team: string; channel: string }[]): Promise<OutlierNormRow[]> {
    if (!pairs.length) return [];
    const rows: OutlierNormRow[] = await this.dataSource.query(
      `SELECT team, channel, metric, conversations::float8 AS conversations, mean, m2
         FROM conversation_norm
        WHERE (team, channel) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [pairs.map((p) => p.team), pairs.map((p) => p.channel)],
    );
    return rows;
  }

  /** Merges a batch's norms and stores the outliers it found, in one transaction: both or neither. */
  async record(batch: readonly OutlierNormRow[], signals: readonly FoundSignal[]): Promise<void> {
    if (!batch.length && !signals.length) return;
    await this.dataSource.transaction(async (manager) => {
      // Every workers process updates the same norm rows, so the merge comes last and the commit
      // does not wait for the disk: another process's batch waits on them only that long. A crash
      // may lose the last moment's signals and norm counts, statistics the next batches carry on.
      await manager.query(ASYNC_COMMIT);
      await saveConversationSignals(manager, signals);
      if (batch.length)
        await manager.query(MERGE_NORMS, [
          batch.map((r) => r.team),
          batch.map((r) => r.channel),
          batch.map((r) => r.metric),
          batch.map((r) => r.conversations),
          batch.map((r) => r.mean),
          batch.map((r) => r.m2),
        ]);
    });
  }
}
