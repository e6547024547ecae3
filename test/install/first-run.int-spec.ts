import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient } from '../support/client';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/database';
import { TEST_REDIS_URL } from '../support/services';
import {
  TEST_ADMIN,
  TEST_INGEST_KEY,
  freePort,
  runProcess,
  waitFor,
  type RunningProcess,
} from '../support/stack';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The README's shell block that posts a conversation, as a new user copies it. */
function readmeCurlExample(): string {
  const block = [...README.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map(([, body]) => body!)
    .find((body) => body.includes('curl -X POST'));
  if (!block) throw new Error('README has no curl example');
  return block;
}

describe("a new user's first ten minutes, as the README tells them", () => {
  let db: TestDatabase;
  let launcher: RunningProcess;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // `npm start` with the services and the first admin given, as on a machine that has them.
    // --no-build: the suites share this checkout's build (npm test builds first).
    launcher = runProcess(
      'scripts/start.mjs',
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        VIGIL_QUEUE_PREFIX: testQueuePrefix(),
        VIGIL_INIT_ADMIN_EMAIL: TEST_ADMIN.email,
        VIGIL_INIT_ADMIN_PASSWORD: TEST_ADMIN.password,
        VIGIL_INIT_INGEST_KEY: TEST_INGEST_KEY,
        VIGIL_SECURE_COOKIES: 'false',
      },
      ['--no-build'],
    );
    await waitFor('the start-up banner', () => launcher.output().includes('Press Ctrl-C to stop'), 60_000);
  });
  afterAll(async () => {
    await launcher?.stop('SIGINT');
    await db?.drop();
  });

  it('the README stands on its own: it cites no document the repository lacks', () => {
    expect(README).not.toMatch(/DESIGN\.md/);
  });

  it('the start-up banner promises nothing the product lacks (there is no way to change a password yet)', () => {
    expect(launcher.output()).toMatch(/Sign in:\s+admin@example\.com/);
    expect(launcher.output()).not.toMatch(/change the password/i);
  });

  it("the README's curl example posts a conversation that shows on the live overview", async () => {
    const script = readmeCurlExample().replaceAll('http://localhost:3000', url);
    const run = spawnSync('bash', ['-e', '-c', script], {
      env: { PATH: process.env.PATH ?? '', VIGIL_INGEST_KEY: TEST_INGEST_KEY },
      encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
    const posted = JSON.parse(run.stdout) as { id: string; created: boolean };
    expect(posted.created).toBe(true);

    // The overview's default window is the last hour: the example must land in it.
    const admin = await ApiClient.admin(url);
    const overview = await waitFor('the example on the overview', async () => {
      const res = await admin.get('/api/v1/metrics/overview?granularity=minute');
      return res.body.totals.conversations > 0 ? res.body : undefined;
    });
    expect(overview.totals.conversations).toBe(1);
  });
});

describe("the launcher's build output", () => {
  // SvelteKit ends every build with "Run npm run preview to preview your production build", advice
  // for developers that misleads someone who ran `npm start`. The launcher runs its build quietly.
  const runQuietly = (script: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const { runToCompletion } = await import(${JSON.stringify(join(ROOT, 'scripts/lib/processes.mjs'))});
           process.exitCode = await runToCompletion(process.execPath, ['-e', ${JSON.stringify(script)}], { quiet: true });`,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });

  it('holds back the output of a build that succeeds', async () => {
    const run = await runQuietly('console.log("Run npm run preview to preview your production build")');
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('shows the output of a build that fails', async () => {
    const run = await runQuietly('console.log("src/app.ts: error TS2322"); process.exit(2)');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error TS2322');
  });

  it('is how `npm start` runs the build', () => {
    const start = readFileSync(join(ROOT, 'scripts/start.mjs'), 'utf8');
    expect(start).toMatch(/runStep\(NPM, \['run', 'build'\], \{ quiet: true \}\)/);
  });
});
