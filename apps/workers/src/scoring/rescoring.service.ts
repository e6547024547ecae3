import {
  aggregateRollups,
  sameFacts,
  type BackgroundRunRepository,
  type ScoringRepository,
  type StoredConversation,
} from '@vigil/data';
import { factsOfScores, scoreConversation } from '@vigil/engine';
import type { EngineConfigSource } from './engine-config.source';
import type { FlagsPublisher } from './flags-publisher';
import type { MetricsPublisher } from './metrics-publisher';

const PAGE_SIZE = 250;

/**
 * Rescores the conversations of a period with the configuration in force, page by page, recording
 * progress on the run. Safe to run again after a crash: each page replaces results and moves the
 * rollups by the difference between the stored and the new facts, which is zero the second time.
 */
export class RescoringService {
  constructor(
    private readonly runs: BackgroundRunRepository,
    private readonly repository: ScoringRepository,
    private readonly engineConfig: EngineConfigSource,
    private readonly metrics: MetricsPublisher,
    private readonly flags: FlagsPublisher,
  ) {}

  async run(runId: string): Promise<void> {
    const run = await this.runs.find('rescore', runId);
    if (!run) throw new Error(`rescore run ${runId} not found`);
    if (run.status === 'done') return;

    this.engineConfig.invalidate(); // score with the version saved just before the run was asked for
    const { version, config } = await this.engineConfig.current();
    const from = new Date(run.params.from);
    const to = new Date(run.params.to);
    const total = await this.repository.countScored(from, to);
    await this.runs.start<'rescore'>(runId, { total, result: { configVersion: version } });

    let done = 0;
    let after: StoredConversation | null = null;
    for (;;) {
      const page = await this.repository.loadScoredPage(from, to, after, PAGE_SIZE);
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
      const raised = await this.repository.saveRescores(
        rescored.map((r) => ({ id: r.old.id, scores: r.scores, facts: r.facts })),
        rollups,
      );
      await this.flags.publish(raised);
      await this.metrics.publish(
        moved.map((r) => r.old),
        false,
      );
      done += page.length;
      await this.runs.progress(runId, done);
      after = page[page.length - 1]!;
    }
    await this.runs.finish(runId, { done });
  }

  async fail(runId: string, error: string): Promise<void> {
    await this.runs.fail(runId, error);
  }
}
