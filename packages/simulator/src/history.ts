import type { ConversationInput } from '@vigil/contracts';
import type { ConversationGenerator } from './generator';
import type { IncidentSchedule } from './incidents';
import type { IngestClient } from './ingest-client';
import { MAX_ATTEMPTS, MAX_BACKOFF_MS, MIN_BACKOFF_MS, sleep } from './retry';

/**
 * `vigil simulate --history <minutes>`: before live traffic starts, the conversations of the last
 * `minutes` minutes at the same rate, backdated (their endedAt spread over those minutes) and posted
 * through the bulk endpoint, so every series already has the history anomaly detection needs to
 * know what usual looks like. The demo's history has no incidents: it is the baseline the live ones
 * stand out from.
 *
 * Posted oldest first, in batches, up to the moment it is done: the last batch ends when it is made,
 * so live traffic continues it without a gap. Anomaly detection does not judge a minute while
 * conversations in it are unscored, and scoring is slower than posting, so it follows the history
 * as it is scored.
 */

export interface HistoryOptions {
  minutes: number;
  /** Makes the backdated times repeatable. */
  seed: string;
  /** Conversations per second, as live. */
  rate: number;
  /** Conversations per bulk request. */
  batch: number;
  /** Bulk requests in flight at once. */
  maxInFlight: number;
  log: (line: string) => void;
  signal?: AbortSignal;
  /**
   * Incidents in the history too (undefined: none, the demo's baseline): their conversations are
   * changed and their extra traffic added as live, so a test can replay an incident in the past
   * instead of waiting for one.
   */
  schedule?: IncidentSchedule;
}

export interface HistorySummary {
  /** Conversations made and accepted; rejected ones are counted, not retried. */
  sent: number;
  accepted: number;
  rejected: number;
  /** Failed requests (429, 5xx, network); retried with backoff. */
  errors: number;
  /** End of the history posted (epoch ms): live traffic starts here. */
  until: number;
  fatal?: string;
}

/**
 * End times of the conversations of [from, to) at `rate` per second: evenly spaced with jitter of
 * up to one gap (the seeded generator supplies it), carrying the fraction of a conversation over to
 * the next window so that many small windows add up to the rate.
 */
export function backdatedTimes(
  from: number,
  to: number,
  rate: number,
  carry: number,
  jitter: () => number,
): { times: number[]; carry: number } {
  const due = carry + ((to - from) / 1000) * rate;
  const count = Math.floor(due);
  const gap = (to - from) / Math.max(count, 1);
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(Math.min(to - 1, Math.floor(from + (i + jitter()) * gap)));
  return { times, carry: due - count };
}

export async function postHistory(
  generator: ConversationGenerator,
  client: IngestClient,
  options: HistoryOptions,
): Promise<HistorySummary> {
  const now = Date.now;
  const stats: HistorySummary = { sent: 0, accepted: 0, rejected: 0, errors: 0, until: now() };
  const jitter = seededJitter(options.seed);
  // A batch covers as much time as `batch` conversations take at the rate, at most ten minutes.
  const windowMs = Math.min(10 * 60_000, Math.max(1_000, (options.batch / options.rate) * 1000));
  let cursor = now() - options.minutes * 60_000;
  let carry = 0;
  let extraCarry = 0;
  const inFlight = new Set<Promise<void>>();

  const post = async (batch: ConversationInput[]): Promise<void> => {
    for (let attempt = 1, backoff = MIN_BACKOFF_MS; !options.signal?.aborted; attempt++) {
      const outcome = await client.postBulk(batch);
      if (outcome.kind === 'ok') {
        stats.accepted += outcome.accepted;
        stats.rejected += outcome.rejected;
        return;
      }
      if (outcome.kind === 'rejected') {
        stats.rejected += batch.length;
        options.log(`[simulate] history rejected: ${outcome.reason}`);
        return;
      }
      if (outcome.kind === 'fatal') {
        stats.fatal = outcome.reason;
        return;
      }
      stats.errors++;
      if (attempt >= MAX_ATTEMPTS) {
        options.log(`[simulate] history: giving up a batch of ${batch.length} after ${outcome.reason}`);
        return;
      }
      await sleep(Math.max(backoff, outcome.retryAfterMs ?? 0), options.signal);
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    }
  };

  // Ends when the cursor catches up with the clock (each window is at least a second, and posting a
  // window's conversations is far faster than a window), or on abort or a refused key.
  while (!options.signal?.aborted && !stats.fatal) {
    const end = Math.min(cursor + windowMs, now());
    if (end <= cursor) break;
    const window = backdatedTimes(cursor, end, options.rate, carry, jitter);
    carry = window.carry;
    const batch = window.times.map((t) =>
      generator.next({ now: t, incident: options.schedule?.activeAt(t) }),
    );
    if (options.schedule) {
      // An incident's extra traffic, second by second as the live loop adds it.
      for (let second = cursor; second < end; second += 1000) {
        const incident = options.schedule.activeAt(second);
        const to = Math.min(second + 1000, end);
        extraCarry += options.schedule.extraRate(incident, options.rate) * ((to - second) / 1000);
        for (; extraCarry >= 1; extraCarry -= 1) {
          const t = Math.min(to - 1, Math.floor(second + jitter() * (to - second)));
          batch.push(generator.next({ now: t, incident, incidentTraffic: true }));
        }
      }
    }
    cursor = end;
    if (!batch.length) continue;
    stats.sent += batch.length;
    while (inFlight.size >= options.maxInFlight) await Promise.race(inFlight);
    const request: Promise<void> = post(batch).finally(() => inFlight.delete(request));
    inFlight.add(request);
  }
  await Promise.all(inFlight);
  stats.until = cursor;
  return stats;
}

/** Jitter in [0, 1) from a small seeded generator, so a seeded run backdates the same way. */
function seededJitter(seed: string): () => number {
  let state = 0;
  for (const c of seed) state = (state * 31 + c.charCodeAt(0)) >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
