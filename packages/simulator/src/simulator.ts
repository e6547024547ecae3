import type { ConversationInput } from '@vigil/contracts';
import { defaultDatasetsDir, loadPhraseSources } from './datasets';
import { ConversationGenerator } from './generator';
import { savedIngestKey } from './first-run';
import { formatOffset, IncidentSchedule, type Incident } from './incidents';
import { postHistory, type HistorySummary } from './history';
import { MAX_ATTEMPTS, MAX_BACKOFF_MS, MIN_BACKOFF_MS, sleep } from './retry';
import { IngestClient, type PostOutcome } from './ingest-client';
import { slotAtOrAfter, slotAtOrBefore, slotExternalId } from './timeline';
import { parseSimulateArgs, SIMULATE_USAGE, SimulateArgsError } from './simulate-args';

/**
 * `vigil simulate`: a steady stream of realistic conversations at a target rate, through the public
 * ingest API, with scheduled incidents. It never crashes on HTTP or network trouble: 429 and 5xx
 * pause sending with exponential backoff (or the server's Retry-After) and retry the same
 * conversations; it stops cleanly when `signal` aborts or the duration is over.
 */

export interface SimulatorOptions {
  url: string;
  key: string;
  /** Conversations per second (before incidents add their extra traffic). */
  rate: number;
  /** Stop after this many seconds; undefined = until the signal aborts. */
  durationSeconds?: number;
  /** Post in batches of this many through the bulk endpoint; undefined = one per request. */
  bulk?: number;
  seed: string;
  incidents: boolean;
  /** Where the public data sets are; undefined = `../shared/datasets` from the repo root; null = none. */
  datasetsDir?: string | null;
  /** Where status lines go (default: stdout). */
  log?: (line: string) => void;
  statusIntervalMs?: number;
  incidentIntervalMs?: number;
  incidentDurationMs?: number;
  /** Requests in flight at once (default: 8, or 2 with --bulk). */
  maxInFlight?: number;
  /** First post this many minutes of backdated conversations (see history.ts); undefined = none. */
  historyMinutes?: number;
}

export interface SimulatorSummary {
  sent: number;
  accepted: number;
  rejected: number;
  /** Failed requests (429, 5xx, network); their conversations are retried. */
  errors: number;
  /** Conversations given up after too many failed attempts, or left unsent at the stop. */
  dropped: number;
  elapsedMs: number;
  stoppedBy: 'duration' | 'signal' | 'fatal';
  fatal?: string;
}

interface Pending {
  conversation: ConversationInput;
  attempts: number;
  queuedAt: number;
}

const TICK_MS = 50;
/** A partial bulk batch is sent after waiting this long, so a low rate still flows. */
const BULK_FLUSH_MS = 1_000;
/** Conversations per bulk request of the history (the bulk endpoint takes up to 1,000 by default). */
const HISTORY_BATCH = 500;
/** Time allowed to finish in-flight requests when stopping. */
const DRAIN_MS = 10_000;

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

export async function runSimulator(
  options: SimulatorOptions,
  signal?: AbortSignal,
): Promise<SimulatorSummary> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (!(options.rate > 0)) throw new Error('rate must be positive');
  const bulk = options.bulk && options.bulk > 1 ? options.bulk : undefined;
  const maxInFlight = options.maxInFlight ?? (bulk ? 2 : 8);

  const datasetsDir =
    options.datasetsDir === null ? undefined : (options.datasetsDir ?? defaultDatasetsDir());
  const phrases = loadPhraseSources(datasetsDir);
  const generator = new ConversationGenerator({
    seed: options.seed,
    phrases,
    runId: Date.now().toString(36),
  });
  const client = new IngestClient({ url: options.url, key: options.key, maxSockets: maxInFlight });

  let history: HistorySummary | undefined;
  if (options.historyMinutes) {
    log(
      `[simulate] history: the last ${options.historyMinutes} min at ${options.rate} conversations/s, backdated; ` +
        'checking what an earlier run posted…',
    );
    history = await postHistory(generator, client, {
      minutes: options.historyMinutes,
      seed: options.seed,
      rate: options.rate,
      batch: HISTORY_BATCH,
      maxInFlight: 2,
      log,
      signal,
    });
    log(
      `[simulate] history: sent ${history.sent}, accepted ${history.accepted} ` +
        `(${history.present} already present), rejected ${history.rejected}, ` +
        `errors ${history.errors}; live traffic from ${clock(history.until)}`,
    );
  }
  // Live traffic (and the incident schedule, and --duration) start where the history ends.
  const start = history?.until ?? Date.now();
  const endAt = options.durationSeconds ? start + options.durationSeconds * 1000 : Infinity;
  const schedule = options.incidents
    ? new IncidentSchedule({
        seed: options.seed,
        startMs: start,
        intervalMs: options.incidentIntervalMs,
        durationMs: options.incidentDurationMs,
      })
    : undefined;

  log(
    `[simulate] ${options.rate} conversations/s to ${options.url}${bulk ? ` in batches of ${bulk}` : ''}, ` +
      `seed ${options.seed}, ${options.durationSeconds ? `for ${options.durationSeconds} s` : 'until Ctrl-C'}`,
  );
  log(
    `[simulate] phrasing: ${phrases.loaded.length ? phrases.loaded.join(', ') : 'built-in phrase bank only (no data sets found)'}`,
  );
  if (schedule) {
    const horizon = Math.min(endAt, start + 60 * 60_000);
    const upcoming = schedule.until(horizon);
    log(
      `[simulate] incidents (repeat every ~${Math.round(schedule.intervalMs / 60_000)} min with this seed):`,
    );
    for (const incident of upcoming.slice(0, 8))
      log(
        `[simulate]   ${incident.id} at +${formatOffset(incident.startsAt - start)} (${clock(incident.startsAt)}) ` +
          `for ${formatOffset(incident.endsAt - incident.startsAt)}: ${incident.description}`,
      );
    if (!upcoming.length) log('[simulate]   none within this run');
  } else log('[simulate] incidents off');

  const stats = { sent: 0, accepted: 0, rejected: 0, errors: 0, dropped: 0 };
  const pending: Pending[] = [];
  // Do not let a slow server turn into unbounded memory: beyond this, due conversations are skipped.
  const maxPending = Math.max(200, (bulk ?? 1) * (maxInFlight + 2), Math.ceil(options.rate * 5));
  let inFlight = 0;
  let backoffMs = 0;
  let pausedUntil = 0;
  let fatal: string | undefined = history?.fatal;
  let lastRejectReason: string | undefined;
  let baseCredit = 0;
  // The history posted the slots before `start`.
  let nextSlot = slotAtOrAfter(start, options.rate);
  let extraCredit = 0;
  let lastTick = start;
  let lastStatus = start;
  let acceptedAtLastStatus = 0;
  let activeIncident: Incident | undefined;
  const inFlightDone = new Set<Promise<void>>();

  const settle = (batch: Pending[], outcome: PostOutcome): void => {
    switch (outcome.kind) {
      case 'ok':
        stats.accepted += outcome.accepted;
        stats.rejected += outcome.rejected;
        backoffMs = 0;
        return;
      case 'rejected':
        stats.rejected += batch.length;
        if (outcome.reason !== lastRejectReason) log(`[simulate] rejected: ${outcome.reason}`);
        lastRejectReason = outcome.reason;
        return;
      case 'fatal':
        fatal = outcome.reason;
        return;
      case 'retry': {
        stats.errors++;
        backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(MIN_BACKOFF_MS, backoffMs * 2));
        const wait = Math.min(MAX_BACKOFF_MS, Math.max(backoffMs, outcome.retryAfterMs ?? 0));
        pausedUntil = Math.max(pausedUntil, Date.now() + wait);
        if (stats.errors === 1 || stats.errors % 20 === 0)
          log(
            `[simulate] ${outcome.reason}; pausing ${Math.round(wait)} ms and retrying (errors so far: ${stats.errors})`,
          );
        const retry = batch.filter((p) => ++p.attempts < MAX_ATTEMPTS);
        stats.dropped += batch.length - retry.length;
        pending.unshift(...retry);
        return;
      }
    }
  };

  const dispatch = (batch: Pending[]): void => {
    stats.sent += batch.filter((p) => p.attempts === 0).length;
    inFlight++;
    const request = bulk
      ? client.postBulk(batch.map((p) => p.conversation))
      : client.postOne(batch[0]!.conversation);
    const done: Promise<void> = request
      .then((outcome) => settle(batch, outcome))
      .catch((error: unknown) => settle(batch, { kind: 'retry', reason: String(error) }))
      .finally(() => {
        inFlight--;
        inFlightDone.delete(done);
      });
    inFlightDone.add(done);
  };

  const pump = (now: number, flushAll: boolean): void => {
    while (inFlight < maxInFlight && pending.length && now >= pausedUntil && !fatal) {
      if (bulk) {
        const due = pending.length >= bulk || flushAll || now - pending[0]!.queuedAt >= BULK_FLUSH_MS;
        if (!due) return;
        dispatch(pending.splice(0, bulk));
      } else dispatch(pending.splice(0, 1));
    }
  };

  const status = (now: number): void => {
    const seconds = (now - lastStatus) / 1000;
    const rate = seconds > 0 ? (stats.accepted - acceptedAtLastStatus) / seconds : 0;
    acceptedAtLastStatus = stats.accepted;
    lastStatus = now;
    const incident = activeIncident
      ? ` | ${activeIncident.id}: ${activeIncident.description}, ${formatOffset(activeIncident.endsAt - now)} left`
      : '';
    log(
      `[simulate] ${clock(now)} sent ${stats.sent} accepted ${stats.accepted} rejected ${stats.rejected} ` +
        `errors ${stats.errors} rate ${rate.toFixed(1)}/s${pending.length > maxPending / 2 ? ` backlog ${pending.length}` : ''}${incident}`,
    );
  };

  let stoppedBy: SimulatorSummary['stoppedBy'] = 'signal';
  try {
    // Bounded by time: every iteration sleeps TICK_MS; it ends at endAt, on abort or on a fatal answer.
    while (!signal?.aborted) {
      const now = Date.now();
      if (fatal) {
        stoppedBy = 'fatal';
        break;
      }
      if (now >= endAt) {
        stoppedBy = 'duration';
        break;
      }
      const dt = (now - lastTick) / 1000;
      lastTick = now;

      const incident = schedule?.activeAt(now);
      if (incident !== activeIncident) {
        if (incident) log(`[simulate] ${clock(now)} ${incident.id} started: ${incident.description}`);
        else if (activeIncident) log(`[simulate] ${clock(now)} ${activeIncident.id} ended`);
        activeIncident = incident;
      }

      baseCredit += options.rate * dt;
      extraCredit += (schedule?.extraRate(incident, options.rate) ?? 0) * dt;
      while (baseCredit >= 1 || extraCredit >= 1) {
        const extra = extraCredit >= 1;
        if (extra) extraCredit -= 1;
        else baseCredit -= 1;
        if (pending.length >= maxPending) {
          // The server (or the network) is slower than the target rate: skip rather than hoard.
          baseCredit = Math.min(baseCredit, 1);
          extraCredit = Math.min(extraCredit, 1);
          break;
        }
        // Usual traffic takes the next slot of the timeline (skipping those that fell behind the
        // clock), so a later run's history knows it was posted; extra traffic is not on it.
        let externalId: string | undefined;
        if (!extra) {
          const slot = Math.max(nextSlot, slotAtOrBefore(now, options.rate));
          nextSlot = slot + 1;
          externalId = slotExternalId(slot, options.rate);
        }
        pending.push({
          conversation: generator.next({ now, incident, incidentTraffic: extra, externalId }),
          attempts: 0,
          queuedAt: now,
        });
      }

      pump(now, false);
      if (now - lastStatus >= (options.statusIntervalMs ?? 5_000)) status(now);
      await sleep(TICK_MS, signal);
    }

    // Stopping: after a duration, send what is queued; after Ctrl-C only finish what is in flight.
    const drainUntil = Date.now() + DRAIN_MS;
    while (Date.now() < drainUntil && !fatal) {
      if (stoppedBy === 'duration' && !signal?.aborted) pump(Date.now(), true);
      if (!inFlight && (stoppedBy !== 'duration' || signal?.aborted || !pending.length)) break;
      await Promise.race([sleep(TICK_MS), ...inFlightDone]);
    }
  } finally {
    stats.dropped += pending.length;
    pending.length = 0;
    client.close();
  }

  const elapsedMs = Date.now() - start;
  if (fatal) log(`[simulate] stopped: ${fatal}`);
  status(Date.now());
  log(
    `[simulate] done after ${(elapsedMs / 1000).toFixed(1)} s: sent ${stats.sent}, accepted ${stats.accepted}, ` +
      `rejected ${stats.rejected}, errors ${stats.errors}, dropped ${stats.dropped}`,
  );
  return { ...stats, elapsedMs, stoppedBy, ...(fatal ? { fatal } : {}) };
}

/**
 * The whole `vigil simulate` command: parses `argv` (without the command name), prints help or a
 * clear error, runs until Ctrl-C (or `signal`) and returns the exit code.
 */
export async function runSimulateCommand(
  argv: string[],
  io: { env?: Record<string, string | undefined>; signal?: AbortSignal; out?: (line: string) => void } = {},
): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  let parsed;
  try {
    parsed = parseSimulateArgs(argv, io.env ?? process.env, savedIngestKey());
  } catch (error) {
    if (error instanceof SimulateArgsError) {
      process.stderr.write(`vigil simulate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (parsed.help) {
    out(SIMULATE_USAGE);
    return 0;
  }
  let signal = io.signal;
  let onSigint: (() => void) | undefined;
  if (!signal) {
    const controller = new AbortController();
    onSigint = () => {
      out('[simulate] stopping (Ctrl-C again to force)…');
      process.off('SIGINT', onSigint!);
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    signal = controller.signal;
  }
  try {
    const summary = await runSimulator({ ...parsed.options, log: out }, signal);
    return summary.stoppedBy === 'fatal' ? 1 : 0;
  } finally {
    if (onSigint) {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
  }
}
