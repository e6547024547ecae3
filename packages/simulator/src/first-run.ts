import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRepoRoot } from './datasets';

/**
 * The ingest key `npm start` created for this checkout and kept in `.vigil/first-run.json`, if there
 * is one: `npm run simulate` next to a running `npm start` then needs no key on the command line.
 */
export function savedIngestKey(fromDir: string = __dirname): string | undefined {
  const root = findRepoRoot(fromDir);
  if (!root) return undefined;
  try {
    const saved = JSON.parse(fs.readFileSync(path.join(root, '.vigil', 'first-run.json'), 'utf8')) as {
      ingestKey?: unknown;
    };
    return typeof saved.ingestKey === 'string' && saved.ingestKey ? saved.ingestKey : undefined;
  } catch {
    return undefined; // not started with npm start here
  }
}
