// Decides whether the build outputs are missing or older than their sources.
import fs from 'node:fs';
import path from 'node:path';

const SKIP = new Set(['node_modules', '.svelte-kit', '.git']);

/** Newest modification time (ms) of any file under `target` (a file or a folder); 0 if none. */
export function newestMtime(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/**
 * The parts whose build is missing or stale, each as { name, reason }.
 * `required` is a file that must exist; `output` is what the build writes; `sources` what it reads.
 */
export function staleParts(root) {
  const r = (...p) => path.join(root, ...p);
  const packages = ['contracts', 'data', 'engine', 'simulator'].map((p) => r('packages', p, 'src'));
  const parts = [
    {
      name: 'api',
      required: r('apps/api/dist/main.js'),
      output: r('apps/api/dist'),
      sources: [r('apps/api/src'), r('apps/api/tsconfig.json'), ...packages],
    },
    {
      name: 'workers',
      required: r('apps/workers/dist/main.js'),
      output: r('apps/workers/dist'),
      sources: [r('apps/workers/src'), r('apps/workers/tsconfig.json'), ...packages],
    },
    {
      name: 'web',
      required: r('apps/web/build/index.html'),
      output: r('apps/web/build'),
      sources: [
        r('apps/web/src'),
        r('apps/web/static'),
        r('apps/web/svelte.config.js'),
        r('apps/web/vite.config.ts'),
        r('packages/contracts/src'),
      ],
    },
  ];
  const stale = [];
  for (const part of parts) {
    if (!fs.existsSync(part.required)) {
      stale.push({ name: part.name, reason: `${path.relative(root, part.required)} is missing` });
      continue;
    }
    const sourceTime = Math.max(...part.sources.map((s) => newestMtime(s)));
    if (sourceTime > newestMtime(part.output)) {
      stale.push({ name: part.name, reason: 'sources changed since the last build' });
    }
  }
  return stale;
}
