// Output of the launcher and of the processes it runs, one line at a time, with a coloured prefix.
import readline from 'node:readline';

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const COLORS = { vigil: 1, api: 36, workers: 35, simulator: 33, redis: 31, postgres: 34, web: 32, build: 90 };

export function prefix(name) {
  const text = `[${name}]`;
  return useColor ? `\x1b[${COLORS[name] ?? 0}m${text}\x1b[0m` : text;
}

export function say(...lines) {
  for (const line of lines) process.stdout.write(`${prefix('vigil')} ${line}\n`);
}

export function warn(...lines) {
  for (const line of lines) process.stderr.write(`${prefix('vigil')} ${line}\n`);
}

export function bold(text) {
  return useColor ? `\x1b[1m${text}\x1b[0m` : text;
}

/** Copies a child's stdout and stderr to ours, each line prefixed with `[name]` (those `show` lets through). */
export function pipeLines(child, name, show = () => true) {
  const p = prefix(name);
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    if (!stream) continue;
    readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      if (show(line)) out.write(`${p} ${line}\n`);
    });
  }
}
