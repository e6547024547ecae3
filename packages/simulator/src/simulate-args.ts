import { parseArgs } from 'node:util';
import type { SimulatorOptions } from './simulator';

export const SIMULATE_USAGE = `Usage: vigil simulate [options]

Posts realistic customer-service conversations to a running Vigil, with scheduled incidents
(topic surges, sentiment drops, a fraud campaign) so the live dashboard has something to show.

Options:
  --url <url>          API base URL (default http://127.0.0.1:3000)
  --key <key>          ingest API key (default: env VIGIL_INIT_INGEST_KEY, then the key npm start
                       created, from .vigil/first-run.json)
  --rate <n>           conversations per second (default 5)
  --duration <s>       stop after this many seconds (default: until Ctrl-C)
  --bulk <n>           post in batches of n through the bulk endpoint (default: one per request)
  --seed <seed>        makes the conversations and the incident schedule repeatable (default: random)
  --incidents on|off   scheduled incidents (default on)
  --history <minutes>  first post this many minutes of past conversations at the same rate (backdated,
                       no incidents, in bulk), so anomaly detection has history before live traffic
                       starts (it needs about 100 minutes; the demo posts 120); restarted at the
                       same rate, it skips what an earlier run already posted
  -h, --help           show this help`;

export class SimulateArgsError extends Error {
  override readonly name = 'SimulateArgsError';
}

export type ParsedSimulateArgs = { help: true } | { help: false; options: SimulatorOptions };

const MAX_RATE = 100_000;
const MAX_BULK = 10_000;
/** A week: what anomaly detection can use of a series' past is a day (VIGIL_ANOMALY_HISTORY_HOURS). */
const MAX_HISTORY_MINUTES = 7 * 24 * 60;

function positiveNumber(
  name: string,
  raw: string | undefined,
  max: number,
  integer = false,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)))
    throw new SimulateArgsError(
      `--${name} must be a positive ${integer ? 'whole number' : 'number'}, got "${raw}"`,
    );
  if (value > max) throw new SimulateArgsError(`--${name} must be at most ${max}, got ${raw}`);
  return value;
}

/**
 * Parses `vigil simulate` arguments (without the command name). Pure: the environment is passed in
 * (only VIGIL_INIT_INGEST_KEY is read, as the default key), and so is the key `npm start` saved for
 * this checkout, the last default; a bad argument throws a SimulateArgsError whose message says
 * which one and why.
 */
export function parseSimulateArgs(
  argv: string[],
  env: Record<string, string | undefined> = {},
  savedIngestKey?: string,
): ParsedSimulateArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        bulk: { type: 'string' },
        seed: { type: 'string' },
        incidents: { type: 'string' },
        history: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    const message = (error as Error).message.replace(/\.*$/, '.');
    throw new SimulateArgsError(`${message} Run "vigil simulate --help" for the options.`);
  }
  if (values.help) return { help: true };

  const url = values.url ?? 'http://127.0.0.1:3000';
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new SimulateArgsError(`--url must be an absolute http(s) URL, got "${url}"`);
  }
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:')
    throw new SimulateArgsError(`--url must be an http or https URL, got "${url}"`);

  const incidents = values.incidents ?? 'on';
  if (incidents !== 'on' && incidents !== 'off')
    throw new SimulateArgsError(`--incidents must be "on" or "off", got "${incidents}"`);

  const seed = values.seed ?? String(Math.floor(Math.random() * 1_000_000));
  if (!seed.trim()) throw new SimulateArgsError('--seed must not be empty');

  const rate = positiveNumber('rate', values.rate, MAX_RATE) ?? 5;
  const durationSeconds = positiveNumber('duration', values.duration, 365 * 24 * 3600);
  const bulk = positiveNumber('bulk', values.bulk, MAX_BULK, true);
  const historyMinutes = positiveNumber('history', values.history, MAX_HISTORY_MINUTES);
  const key = values.key ?? (env.VIGIL_INIT_INGEST_KEY || savedIngestKey);
  if (!key?.trim())
    throw new SimulateArgsError(
      'no ingest key: pass --key <key> or set VIGIL_INIT_INGEST_KEY (npm start saves the one it creates in .vigil/first-run.json)',
    );

  return {
    help: false,
    options: {
      url: parsedUrl.origin + parsedUrl.pathname.replace(/\/+$/, ''),
      key: key.trim(),
      rate,
      durationSeconds,
      bulk,
      seed,
      incidents: incidents === 'on',
      ...(historyMinutes ? { historyMinutes } : {}),
    },
  };
}
