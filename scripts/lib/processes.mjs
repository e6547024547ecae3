// Child processes the launcher owns: started in their own process group (so a terminal's Ctrl-C
// reaches only the launcher, which then stops them in order), output prefixed, stopped with a deadline.
import { spawn } from 'node:child_process';
import { pipeLines } from './log.mjs';
import { sleep } from './net.mjs';

const isWindows = process.platform === 'win32';

/**
 * Starts `command args` and returns { name, child, exited }, where `exited` resolves to
 * { code, signal } once the process is gone (or failed to start).
 */
export function startProcess(name, command, args, { env, cwd, show } = {}) {
  const child = spawn(command, args, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: !isWindows,
    shell: isWindows && /\.(cmd|bat)$/i.test(command),
  });
  pipeLines(child, name, show);
  const exited = new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const proc = { name, child, exited, done: false };
  exited.then(() => (proc.done = true));
  return proc;
}

/** Signals the whole process group (the process and anything it started). */
export function signalProcess(proc, signal) {
  if (proc.done || proc.child.pid === undefined) return;
  try {
    if (isWindows) proc.child.kill(signal);
    else process.kill(-proc.child.pid, signal);
  } catch {
    try {
      proc.child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL. Resolves once the process is gone. */
export async function stopProcess(proc, graceMs = 10_000) {
  if (!proc || proc.done) return;
  signalProcess(proc, 'SIGTERM');
  const timedOut = await Promise.race([proc.exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut) {
    signalProcess(proc, 'SIGKILL');
    await Promise.race([proc.exited, sleep(2000)]);
  }
  // Anything the process left behind in its group goes too.
  if (!isWindows && proc.child.pid !== undefined) {
    try {
      process.kill(-proc.child.pid, 'SIGKILL');
    } catch {
      // group already empty
    }
  }
  return timedOut;
}

/**
 * Runs a command to completion; resolves to its exit code. Its output goes to our terminal, or with
 * `quiet` is held back and shown only if it fails: the launcher's build would otherwise print
 * pages of chunk sizes and advice meant for developers (SvelteKit's "run npm run preview").
 */
export function runToCompletion(command, args, { cwd, env, onChild, quiet = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
      shell: isWindows,
    });
    onChild?.(child);
    const held = [];
    if (quiet) for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => held.push(d));
    const done = (code) => {
      if (code !== 0 && held.length) process.stderr.write(Buffer.concat(held));
      resolve(code);
    };
    child.once('error', (error) => {
      process.stderr.write(`${error.message}\n`);
      done(1);
    });
    child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}
