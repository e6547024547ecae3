import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

/**
 * `--start`: the bench runs the product the way a user does, `npm start` (scripts/start.mjs), and
 * stops it afterwards. Everything else comes from the user's environment and .env, as with npm start;
 * the bench only sets the port, quiet logs, the number of workers processes when asked, and an
 * ingest rate limit high enough not to be what is measured.
 */
export interface StartedProduct {
  url: string;
  stop(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 180_000; // a first start may build everything

export async function startProduct(
  root: string,
  url: string,
  workersProcesses: number | undefined,
  log: (line: string) => void,
): Promise<StartedProduct> {
  const port = new URL(url).port || '3000';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: port,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    VIGIL_INGEST_RATE_LIMIT_PER_MINUTE: '10000000',
  };
  if (workersProcesses !== undefined) env.VIGIL_WORKERS_PROCESSES = String(workersProcesses);
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };

  log(
    `[bench] npm start (port ${port}${workersProcesses ? `, VIGIL_WORKERS_PROCESSES=${workersProcesses}` : ''})…`,
  );
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`npm start stopped:\n${output.trim()}`);
    const healthy = await fetch(`${url}/api/v1/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    // Up when the API answers and every workers process has said it is ready (loading the
    // analyzers' models takes a few seconds, which must not count as scoring time).
    const workers = Number(/Workers: (\d+) process/.exec(output)?.[1] ?? NaN);
    const ready = output.match(/workers ready/g)?.length ?? 0;
    if (healthy && ready >= workers) {
      log(`[bench] the product is up with ${workers} workers process(es)`);
      return { url, stop };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`npm start did not get healthy within ${HEALTH_TIMEOUT_MS / 1000} s:\n${output.trim()}`);
}
