import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Conversation } from '@vigil/contracts';
import {
  ConversationRepository,
  OutlierNormRepository,
  ScoringRepository,
  type StoredConversation,
} from '@vigil/data';
import { judgeBatch, normPairs } from '@vigil/engine';
import { processesCpuMs } from './cpu';
import { createGenerator, validConversations } from './generator';
import { benchArg, median, withScratchDatabase } from './scratch-database';

/**
 * What the per-conversation outlier step adds to scoring (issue 11): for simulator conversations in
 * the workers' batches of 100, the same three statements and the same judging as OutliersService
 * (read the batch's norms; judge; merge the norms and store the signals in one transaction). Per
 * conversation: the Postgres backends' CPU (from /proc, so Postgres must run on this machine), this
 * process's CPU (judging plus the data layer's node side), the judging alone, and the wall time.
 * A fresh database each round, dropped after.
 *
 *   npm run outliers -w bench [-- --n 10000 --rounds 3 --admin-url postgres://postgres@127.0.0.1:5432/postgres]
 */
const ROOT = path.resolve(__dirname, '..', '..');
const n = Number(benchArg('n', '10000'));
const rounds = Number(benchArg('rounds', '3'));
const adminUrl = benchArg('admin-url', 'postgres://postgres@127.0.0.1:5432/postgres');
const BATCH = 100;

interface Cost {
  postgres: number;
  node: number;
  judging: number;
  wall: number;
  signals: number;
  kinds: Record<string, number>;
}

async function round(index: number, conversations: Conversation[]): Promise<Cost> {
  return withScratchDatabase(
    adminUrl,
    `vigil_bench_outliers_${process.pid}_${index}`,
    async ({ dataSource, pids }) => {
      const stored = new ConversationRepository(dataSource);
      const scoring = new ScoringRepository(dataSource);
      const norms = new OutlierNormRepository(dataSource);

      let ids: string[] = [];
      for (let i = 0; i < conversations.length; i += 500)
        ids = ids.concat((await stored.storeBatch(conversations.slice(i, i + 500))).map((s) => s.id));
      const cost: Cost = { postgres: 0, node: 0, judging: 0, wall: 0, signals: 0, kinds: {} };
      for (let i = 0; i < ids.length; i += BATCH) {
        const batch: StoredConversation[] = await scoring.load(ids.slice(i, i + BATCH));
        const pg = processesCpuMs(pids);
        const node = process.cpuUsage();
        const wall = performance.now();
        const before = await norms.norms(normPairs(batch));
        const judgingStarted = process.cpuUsage();
        const judged = judgeBatch(batch, before);
        const judging = process.cpuUsage(judgingStarted);
        await norms.record(judged.norms, judged.signals);
        const used = process.cpuUsage(node);
        cost.wall += performance.now() - wall;
        cost.node += (used.user + used.system) / 1000;
        cost.judging += (judging.user + judging.system) / 1000;
        cost.postgres += processesCpuMs(pids) - pg;
        cost.signals += judged.signals.length;
        for (const s of judged.signals) cost.kinds[s.kind] = (cost.kinds[s.kind] ?? 0) + 1;
      }
      return {
        postgres: cost.postgres / n,
        node: cost.node / n,
        judging: cost.judging / n,
        wall: cost.wall / n,
        signals: cost.signals,
        kinds: cost.kinds,
      };
    },
  );
}

async function main(): Promise<void> {
  const results: Cost[] = [];
  for (let r = 0; r < rounds; r++) {
    const conversations = validConversations(
      createGenerator(ROOT, `outliers-bench-${r}`, `ol${Date.now()}`),
      n,
    );
    const c = await round(r, conversations);
    results.push(c);
    process.stdout.write(
      `[outliers] round ${r + 1}: ms per conversation: Postgres ${c.postgres.toFixed(4)}, node ${c.node.toFixed(4)} (judging ${c.judging.toFixed(4)}), wall ${c.wall.toFixed(4)}; ${c.signals} signals of ${n} conversations ${JSON.stringify(c.kinds)}\n`,
    );
  }
  const m = (k: Exclude<keyof Cost, 'kinds'>) => median(results.map((c) => c[k]));
  process.stdout.write(
    `[outliers] median ms per conversation (n ${n}, batches of ${BATCH}, ${rounds} rounds): Postgres CPU ${m('postgres').toFixed(4)}, node CPU ${m('node').toFixed(4)} (judging ${m('judging').toFixed(4)}), wall ${m('wall').toFixed(4)}; load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
