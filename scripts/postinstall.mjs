// After `npm install` / `npm ci`: compile the workers app and the packages it uses so `npx vigil` works straight away.
// Skipped where TypeScript is not installed (a production install without dev dependencies).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// Also skipped where the sources are not there yet (a Docker layer that installs from manifests only).
if (!existsSync(new URL('../node_modules/typescript/bin/tsc', import.meta.url))) {
  console.log('vigil: TypeScript not installed; skipping the build of the command line');
  process.exit(0);
}
if (!existsSync(new URL('../apps/workers/src', import.meta.url))) process.exit(0);
const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'apps/workers'], {
  cwd: new URL('..', import.meta.url),
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
