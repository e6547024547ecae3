import * as path from 'node:path';
import type { Conversation } from '@vigil/contracts';
import {
  ConversationRepository,
  ScoringRepository,
  aggregateRollups,
  type ScoredConversation,
} from '@vigil/data';
import * as engine from '@vigil/engine';
import { processesCpuMs } from './cpu';
import { createGenerator, validConversations } from './generator';
import { benchArg, median, withScratchDatabase } from './scratch-database';

/**
 * What a conversation costs the database through its lifecycle, stage by stage: `store` (the API's
 * bulk insert, 500 a statement), `load` and `save` (the workers' batch of 100: read, then results,
 * facts and rollups in one transaction). For each stage: the Postgres backend's CPU (from
 * /proc/<pid>/stat, so Postgres must run on this machine), this process's CPU (the data layer's
 * node side) and the wall time, per conversation. A fresh database each time, dropped after.
 *
 *   npm run database -w bench [-- --n 5000 --rounds 3 --admin-url postgres://postgres@127.0.0.1:5432/postgres]
 */
const ROOT = path.resolve(__dirname, '..', '..');
const n = Number(benchArg('n', '5000'));
const rounds = Number(benchArg('rounds', '3'));
const adminUrl = benchArg('admin-url', 'postgres://postgres@127.0.0.1:5432/postgres');

const STAGES = ['store', 'load', 'save'] as const;
type Stage = (typeof STAGES)[number];
interface Cost {
  postgres: number;
  node: number;
  wall: number;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function measure(pid: number[], fn: () => Promise<void>): Promise<Cost> {
  const pg = processesCpuMs(pid);
  const node = process.cpuUsage();
  const wall = performance.now();
  await fn();
  const used = process.cpuUsage(node);
  return {
    postgres: processesCpuMs(pid) - pg,
    node: (used.user + used.system) / 1000,
    wall: performance.now() - wall,
  };
}

async function round(index: number, conversations: Conversation[]): Promise<Record<Stage, Cost>> {
  return withScratchDatabase(
    adminUrl,
    `vigil_bench_db_${process.pid}_${index}`,
    async ({ dataSource, pids: pid }) => {
      const conversationsRepo = new ConversationRepository(dataSource);
      const scoring = new ScoringRepository(dataSource);

      let ids: string[] = [];
      const store = await measure(pid, async () => {
        for (const batch of chunks(conversations, 500))
          ids = ids.concat((await conversationsRepo.storeBatch(batch)).map((s) => s.id));
      });
      let load: Cost = { postgres: 0, node: 0, wall: 0 };
      let save: Cost = { postgres: 0, node: 0, wall: 0 };
      for (const batch of chunks(ids, 100)) {
        let stored: Awaited<ReturnType<ScoringRepository['load']>> = [];
        const l = await measure(pid, async () => {
          stored = await scoring.load(batch);
        });
        // Scoring itself is the engine's (npm run engine); only the writing is measured here.
        const results: ScoredConversation[] = stored.map((c) => {
          const scores = engine.scoreConversation(c.content);
          return { id: c.id, scores, facts: engine.factsOfScores(scores) };
        });
        const byId = new Map(stored.map((c) => [c.id, c]));
        const s = await measure(pid, async () => {
          await scoring.markScored(results, (newly) =>
            aggregateRollups(
              results.filter((r) => newly.has(r.id)).map((r) => ({ ...byId.get(r.id)!, ...r.facts })),
            ),
          );
        });
        load = { postgres: load.postgres + l.postgres, node: load.node + l.node, wall: load.wall + l.wall };
        save = { postgres: save.postgres + s.postgres, node: save.node + s.node, wall: save.wall + s.wall };
      }
      const per = (c: Cost): Cost => ({ postgres: c.postgres / n, node: c.node / n, wall: c.wall / n });
      return { store: per(store), load: per(load), save: per(save) };
    },
  );
}

async function main(): Promise<void> {
  const results: Array<Record<Stage, Cost>> = [];
  for (let r = 0; r < rounds; r++) {
    const conversations = validConversations(
      createGenerator(ROOT, `database-bench-${r}`, `db${Date.now()}`),
      n,
    );
    const costs = await round(r, conversations);
    results.push(costs);
    const line = STAGES.map(
      (s) =>
        `${s} pg ${costs[s].postgres.toFixed(3)} / node ${costs[s].node.toFixed(3)} / wall ${costs[s].wall.toFixed(3)}`,
    );
    process.stdout.write(`[database] round ${r + 1}: ms per conversation: ${line.join('; ')}\n`);
  }
  const total = (c: Record<Stage, Cost>, k: keyof Cost) => STAGES.reduce((sum, s) => sum + c[s][k], 0);
  for (const s of STAGES)
    process.stdout.write(
      `[database] ${s}: median ms per conversation — Postgres ${median(results.map((c) => c[s].postgres)).toFixed(3)}, node ${median(results.map((c) => c[s].node)).toFixed(3)}, wall ${median(results.map((c) => c[s].wall)).toFixed(3)}\n`,
    );
  process.stdout.write(
    `[database] whole lifecycle: median Postgres CPU ${median(results.map((c) => total(c, 'postgres'))).toFixed(3)} ms, node ${median(results.map((c) => total(c, 'node'))).toFixed(3)} ms per conversation (n ${n}, ${rounds} rounds)\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
