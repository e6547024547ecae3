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
  const parts = [
    {
      name: 'core',
      required: r('core/dist/index.js'),
      output: r('core/dist'),
      sources: [r('core/src'), r('core/tsconfig.json')],
    },
    {
      name: 'api',
      required: r('api/dist/main.js'),
      output: r('api/dist'),
      sources: [r('api/src'), r('api/tsconfig.json'), r('core/src')],
    },
    {
      name: 'workers',
      required: r('workers/dist/main.js'),
      output: r('workers/dist'),
      sources: [r('workers/src'), r('workers/tsconfig.json'), r('core/src')],
    },
    {
      name: 'web',
      required: r('web/build/index.html'),
      output: r('web/build'),
      sources: [
        r('web/src'),
        r('web/static'),
        r('web/svelte.config.js'),
        r('web/vite.config.ts'),
        r('core/src'),
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
