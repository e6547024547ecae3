import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConversationInput } from '@vigil/core';

/**
 * The bench uses the simulator's generator, so there is one generator in the repository. It is
 * loaded at run time from the compiled workers (bench compiles only bench/src); when that build is
 * missing it is made with `tsc -b workers`, as `npm run build` would.
 */

export interface Generator {
  next(options?: { now?: number }): ConversationInput;
}

interface SimulatorModule {
  ConversationGenerator: new (options: {
    seed: string | number;
    runId?: string;
    source?: string;
    phrases?: unknown;
  }) => Generator;
  loadPhraseSources(dir: string | undefined): unknown;
  defaultDatasetsDir(fromDir?: string): string | undefined;
}

let cached: SimulatorModule | undefined;
let phrases: unknown;

export function loadSimulator(root: string): SimulatorModule {
  if (cached) return cached;
  const entry = path.join(root, 'workers', 'dist', 'simulator', 'index.js');
  if (!fs.existsSync(entry)) {
    process.stdout.write('[bench] building workers (the simulator generator lives there)…\n');
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', path.join(root, 'workers')],
      {
        stdio: 'inherit',
        timeout: 300_000,
      },
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  cached = require(entry) as SimulatorModule;
  return cached;
}

export function createGenerator(root: string, seed: string, runId: string): Generator {
  const sim = loadSimulator(root);
  phrases ??= sim.loadPhraseSources(sim.defaultDatasetsDir(path.join(root, 'workers')));
  return new sim.ConversationGenerator({ seed, runId, source: 'bench', phrases });
}
