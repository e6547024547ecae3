// `npm test`: every check and every test, against the real Postgres, Redis and Chromium.
// Type checks, lint and the web build run first; then Jest runs the unit, integration and browser
// tiers in one run. The last line is Jest's own count: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);

const steps = [
  ['type check and build (packages, apps, bench)', bin('tsc'), ['-b', 'apps/api', 'apps/workers', 'bench']],
  ['type check of the tests', bin('tsc'), ['-p', 'tsconfig.test.json']],
  ['type check of the web app', 'npm', ['run', 'check', '-w', 'apps/web']],
  ['build of the web app', 'npm', ['run', 'build', '-w', 'apps/web']],
  ['lint', bin('eslint'), ['.']],
  ['format', bin('prettier'), ['--check', '.']],
];

const failedSteps = [];
for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failedSteps.push(name);
}

console.log('\n▶ tests (unit, integration, browser)');
const report = join(tmpdir(), `vigil-jest-${process.pid}.json`);
const jest = spawnSync(bin('jest'), ['--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  rmSync(report);
}

if (failedSteps.length) console.log(`\nFailed checks: ${failedSteps.join('; ')}`);
if (passed + failed === 0) console.log('\nNo test ran.');
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failedSteps.length || jest.status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
