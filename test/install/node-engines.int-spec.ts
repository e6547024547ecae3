import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// semver ships no types; only this one function is used.
const { satisfies, minVersion } = createRequire(__filename)('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

const root = join(__dirname, '..', '..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));

describe('the Node.js version Vigil declares', () => {
  // The README and the Dockerfiles promise the root package's engines.node; a dependency that needs
  // more makes `npm ci` warn (EBADENGINE) and may break on that Node, so the lockfile must not hold one.
  it('is supported by every package in the lockfile', () => {
    const declared = (readJson('package.json') as { engines: { node: string } }).engines.node;
    const oldest = minVersion(declared)!.version;
    const lock = readJson('package-lock.json') as { packages: Record<string, LockEntry> };
    const unsupported = Object.entries(lock.packages)
      .filter(([path, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return path !== '' && range !== undefined && !satisfies(oldest, range);
      })
      .map(([path, entry]) => `${path}@${entry.version} needs node ${JSON.stringify(entry.engines)}`);
    expect(unsupported).toEqual([]);
  });
});
