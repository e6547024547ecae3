import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads a JSON file that ships beside an analyzer's source (default taxonomy, default scorecard).
 * Run from TypeScript (tests) it is next to the module; run from workers/dist it is copied there
 * when the workers tsconfig includes src/**\/*.json, and otherwise read from the sibling src folder.
 * Read once at module load, never per conversation.
 */
export function readBundledJson<T>(moduleDir: string, file: string): T {
  const candidates = [path.join(moduleDir, file)];
  const marker = `${path.sep}dist${path.sep}`;
  const at = moduleDir.lastIndexOf(marker);
  if (at >= 0)
    candidates.push(path.join(moduleDir.slice(0, at), 'src', moduleDir.slice(at + marker.length), file));
  for (const p of candidates) if (existsSync(p)) return JSON.parse(readFileSync(p, 'utf8')) as T;
  throw new Error(`${file} not found (looked in ${candidates.join(', ')})`);
}
