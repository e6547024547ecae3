import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { TEST_REDIS_URL } from './services';

const ROOT = join(__dirname, '..', '..');

export const TEST_ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery-staple' };
export const TEST_INGEST_KEY = 'vk_test_0123456789abcdefghijklmnop';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Run one of Vigil's built processes (apps/api/dist/main.js, apps/workers/dist/main.js) as the product runs it. */
export function runProcess(script: string, env: Record<string, string>, args: string[] = []): RunningProcess {
  const child = spawn(process.execPath, [join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

export interface StackOptions {
  databaseUrl: string;
  /** The port to listen on, when something must know the API's address before it starts (an identity provider). */
  port?: number;
  /** The API's entry point: apps/api/dist/main.js, or a test launcher around the same app. */
  apiScript?: string;
  queuePrefix: string;
  redisUrl?: string;
  workers?: boolean;
  env?: Record<string, string>;
}

export interface Stack {
  url: string;
  api: RunningProcess;
  workers?: RunningProcess;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** The API (and optionally the workers) as separate processes, against the given database. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const port = options.port ?? (await freePort());
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl ?? TEST_REDIS_URL,
    VIGIL_QUEUE_PREFIX: options.queuePrefix,
    VIGIL_INIT_ADMIN_EMAIL: TEST_ADMIN.email,
    VIGIL_INIT_ADMIN_PASSWORD: TEST_ADMIN.password,
    VIGIL_INIT_INGEST_KEY: TEST_INGEST_KEY,
    VIGIL_SECURE_COOKIES: 'false',
    ...options.env,
  };
  const url = `http://127.0.0.1:${port}`;
  const api = runProcess(options.apiScript ?? 'apps/api/dist/main.js', env);
  try {
    await waitFor('the API to listen', async () => (await fetch(`${url}/api/v1/health`)).status > 0, 30_000);
  } catch (error) {
    await api.stop();
    throw new Error(`${(error as Error).message}\n${api.output()}`);
  }
  const workers = options.workers ? runProcess('apps/workers/dist/main.js', env) : undefined;
  return {
    url,
    api,
    workers,
    env,
    async stop() {
      await Promise.all([workers?.stop(), api.stop()]);
    },
  };
}
