import type { DataSource } from 'typeorm';
import {
  RescoreRunEntity,
  aggregateRollups,
  factsOfScores,
  sameFacts,
  type ScoringRepository,
  type StoredConversation,
} from '@vigil/data';
import { scoreConversation } from '@vigil/engine';
import type { EngineConfigSource } from './engine-config.source';
import type { MetricsPublisher } from './metrics-publisher';

const PAGE_SIZE = 250;

/**
 * Rescores the conversations of a period with the configuration in force, page by page, recording
 * progress on the run. Safe to run again after a crash: each page replaces results and moves the
 * rollups by the difference between the stored and the new facts, which is zero the second time.
 */
export class RescoringService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ScoringRepository,
    private readonly engineConfig: EngineConfigSource,
    private readonly metrics: MetricsPublisher,
  ) {}

  async run(runId: string): Promise<void> {
    const runs = this.dataSource.getRepository(RescoreRunEntity);
    const run = await runs.findOneBy({ id: runId });
    if (!run) throw new Error(`rescore run ${runId} not found`);
    if (run.status === 'done') return;

    this.engineConfig.invalidate(); // score with the version saved just before the run was asked for
    const { version, config } = await this.engineConfig.current();
    const total = await this.repository.countScored(run.fromAt, run.toAt);
    await runs.update(runId, { status: 'running', total, done: 0, configVersion: version, error: null });

    let done = 0;
    let after: StoredConversation | null = null;
    for (;;) {
      const page = await this.repository.loadScoredPage(run.fromAt, run.toAt, after, PAGE_SIZE);
      if (page.length === 0) break;
      const rescored = page.map((old) => {
        const scores = scoreConversation(old.content, config);
        return { old, scores, facts: factsOfScores(scores) };
      });
      const moved = rescored.filter((r) => !sameFacts(r.facts, r.old));
      const rollups = aggregateRollups(
        moved.map((r) => ({ ...r.old, ...r.facts })),
        moved.map((r) => r.old),
      );
      await this.repository.saveRescores(
        rescored.map((r) => ({ id: r.old.id, scores: r.scores, facts: r.facts })),
        rollups,
      );
      await this.metrics.publish(
        moved.map((r) => r.old),
        false,
      );
      done += page.length;
      await runs.update(runId, { done });
      after = page[page.length - 1]!;
    }
    await runs.update(runId, { status: 'done', done, finishedAt: new Date() });
  }

  async fail(runId: string, error: string): Promise<void> {
    await this.dataSource
      .getRepository(RescoreRunEntity)
      .update(runId, { status: 'failed', error: error.slice(0, 2000), finishedAt: new Date() });
  }
}
