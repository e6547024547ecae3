import type { DataSource } from 'typeorm';
import type { FraudConversation, FraudSignal, FraudTrendPoint } from '@vigil/contracts';

/** The fraud view's reads: `scores.fraud` results of recent conversations. */
export class FraudRiskRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The riskiest conversations that ended since `since`, riskiest first, with their strongest
   * signals. Bounded by the period (the caller caps it) and the limit; the stored output is json,
   * so only rows with a risk above zero are read further than the risk.
   */
  async riskiest(since: Date, limit: number, minRisk = 1): Promise<FraudConversation[]> {
    const rows: Array<{
      id: string;
      external_id: string;
      channel: string;
      team: string | null;
      ended_at: Date;
      risk: number;
      flagged: boolean;
      signals: FraudSignal[] | null;
    }> = await this.dataSource.query(
      `SELECT c.id, c.external_id, c.channel, c.team, c.ended_at, r.risk,
              (a.output->'result'->>'flagged')::boolean AS flagged, a.output->'result'->'signals' AS signals
         FROM conversation c
         JOIN conversation_analysis a ON a.conversation_id = c.id AND a.analyzer = 'fraud'
         CROSS JOIN LATERAL (SELECT (a.output->'result'->>'risk')::int AS risk) r
        WHERE c.ended_at >= $1 AND r.risk >= $2
        ORDER BY r.risk DESC, c.ended_at DESC
        LIMIT $3`,
      [since, minRisk, limit],
    );
    return rows.map((r) => ({
      conversationId: r.id,
      externalId: r.external_id,
      channel: r.channel,
      team: r.team,
      endedAt: r.ended_at.toISOString(),
      risk: r.risk,
      flagged: r.flagged === true,
      signals: (r.signals ?? [])
        .slice(0, 5)
        .map(({ kind, key, weight, reason }) => ({ kind, key, weight, reason })),
    }));
  }

  /** Risk per hour since `since`: conversations scored, mean and highest risk, flagged. */
  async trend(since: Date): Promise<FraudTrendPoint[]> {
    const rows: Array<{ t: Date; n: number; mean: number; max: number; flagged: number }> =
      await this.dataSource.query(
        `SELECT date_trunc('hour', c.ended_at) AS t, count(*)::int AS n,
                avg(r.risk)::float8 AS mean, max(r.risk)::int AS max,
                count(*) FILTER (WHERE (a.output->'result'->>'flagged')::boolean)::int AS flagged
           FROM conversation c
           JOIN conversation_analysis a ON a.conversation_id = c.id AND a.analyzer = 'fraud'
           CROSS JOIN LATERAL (SELECT (a.output->'result'->>'risk')::int AS risk) r
          WHERE c.ended_at >= $1
          GROUP BY 1 ORDER BY 1`,
        [since],
      );
    return rows.map((r) => ({
      t: r.t.toISOString(),
      conversations: r.n,
      meanRisk: Math.round(r.mean * 10) / 10,
      maxRisk: r.max,
      flagged: r.flagged,
    }));
  }
}
