import type { ConversationInput } from '@vigil/contracts';
import type { ConversationGenerator } from './generator';
import type { IncidentSchedule } from './incidents';
import type { IngestClient } from './ingest-client';
import { MAX_ATTEMPTS, MAX_BACKOFF_MS, MIN_BACKOFF_MS, sleep } from './retry';
import { slotAtOrAfter, slotExternalId, slotJitter, slotTime } from './timeline';

/**
 * `vigil simulate --history <minutes>`: before live traffic starts, the conversations of the last
 * `minutes` minutes at the same rate, backdated (their endedAt spread over those minutes) and posted
 * through the bulk endpoint, so every series already has the history anomaly detection needs to
 * know what usual looks like. The demo's history has no incidents: it is the baseline the live ones
 * stand out from.
 *
 * The usual traffic is the simulator's timeline (timeline.ts): one conversation per slot, named by
 * its slot, so a restart does not post again what an earlier run posted. What earlier runs posted
 * ends where the last of them stopped (each posted its history up to its live traffic, and that ran
 * until it stopped), so the slots already stored in the window are its oldest ones: a few probes of
 * single slots find where they end (a binary search; the API answers a stored slot as a duplicate),
 * and the history is posted from there. All of it stored: "already present, skipping".
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
   * instead of waiting for one. (The extra traffic is not on the timeline: posted again, it is new.)
   */
  schedule?: IncidentSchedule;
}

export interface HistorySummary {
  /** Conversations made and accepted; rejected ones are counted, not retried. */
  sent: number;
  accepted: number;
  rejected: number;
  /** Of the accepted, those an earlier run had posted (the API did not store them again). */
  present: number;
  /** Failed requests (429, 5xx, network); retried with backoff. */
  errors: number;
  /** End of the history posted (epoch ms): live traffic starts here. */
  until: number;
  fatal?: string;
}

/**
 * The first slot of [first, last] not yet stored, given that the stored ones are a prefix of it
 * (see above), asking `isStored` about O(log n) slots; `last + 1` when all are stored. An answer
 * of undefined (the probe failed) ends the search at what is known: posting from there again is
 * safe, since the API answers stored slots as duplicates. Where they are not a prefix (a run that
 * fell behind skipped slots, or was stopped with batches in flight), the search can post stored
 * slots again (answered as duplicates) or leave a hole unfilled, never store a slot twice.
 */
export async function firstMissingSlot(
  first: number,
  last: number,
  isStored: (slot: number) => Promise<boolean | undefined>,
): Promise<number> {
  let lo = first;
  let hi = last + 1;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const stored = await isStored(mid);
    if (stored === undefined) return lo;
    if (stored) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What the user is told about the history before it is posted. */
export function describeHistoryStart(
  windowStart: number,
  resumeAt: number,
  now: number,
  clock: (ms: number) => string,
): string {
  const span = (ms: number) =>
    ms < 90_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
  if (resumeAt <= windowStart) return `[simulate] history: posting the last ${span(now - windowStart)}`;
  if (resumeAt >= now)
    return `[simulate] history already present (an earlier run posted the last ${span(now - windowStart)}), skipping`;
  return (
    `[simulate] history already present until ${clock(resumeAt)} (posted by an earlier run); ` +
    `posting the ${span(now - resumeAt)} since`
  );
}

export async function postHistory(
  generator: ConversationGenerator,
  client: IngestClient,
  options: HistoryOptions,
): Promise<HistorySummary> {
  const now = Date.now;
  const windowStart = now() - options.minutes * 60_000;
  const stats: HistorySummary = {
    sent: 0,
    accepted: 0,
    rejected: 0,
    present: 0,
    errors: 0,
    until: now(),
  };
  const rate = options.rate;
  const jitter = seededJitter(options.seed);
  const gap = 1000 / rate;
  const conversationOf = (slot: number, end: number): ConversationInput => {
    const t = Math.min(end - 1, Math.floor(slotTime(slot, rate) + slotJitter(slot) * gap));
    return generator.next({
      now: t,
      incident: options.schedule?.activeAt(t),
      externalId: slotExternalId(slot, rate),
    });
  };

  // What earlier runs stored of the window: probe single slots, oldest stored first.
  let probesStored = 0;
  const firstSlot = slotAtOrAfter(windowStart, rate);
  const windowEnd = now();
  const resumeSlot = await firstMissingSlot(firstSlot, slotAtOrAfter(windowEnd, rate) - 1, async (slot) => {
    if (options.signal?.aborted || stats.fatal) return undefined;
    const outcome = await client.postOne(conversationOf(slot, windowEnd));
    if (outcome.kind === 'fatal') stats.fatal = outcome.reason;
    if (outcome.kind !== 'ok') return undefined;
    if (!outcome.duplicates) probesStored++;
    return outcome.duplicates > 0;
  });
  // The probes that stored a missing slot are posted again below, and answered as duplicates.
  let cursor = resumeSlot <= firstSlot ? windowStart : slotTime(resumeSlot, rate);
  if (stats.fatal) return stats;
  options.log(describeHistoryStart(windowStart, cursor, windowEnd, clock));

  // A batch covers as much time as `batch` conversations take at the rate, at most ten minutes.
  const windowMs = Math.min(10 * 60_000, Math.max(1_000, (options.batch / rate) * 1000));
  let extraCarry = 0;
  const inFlight = new Set<Promise<void>>();

  const post = async (batch: ConversationInput[]): Promise<void> => {
    for (let attempt = 1, backoff = MIN_BACKOFF_MS; !options.signal?.aborted; attempt++) {
      const outcome = await client.postBulk(batch);
      if (outcome.kind === 'ok') {
        stats.accepted += outcome.accepted;
        stats.rejected += outcome.rejected;
        stats.present += outcome.duplicates;
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
    // The slots whose time falls in [cursor, end).
    const batch: ConversationInput[] = [];
    for (let slot = slotAtOrAfter(cursor, rate); slotTime(slot, rate) < end; slot++)
      batch.push(conversationOf(slot, end));
    if (options.schedule) {
      // An incident's extra traffic, second by second as the live loop adds it.
      for (let second = cursor; second < end; second += 1000) {
        const incident = options.schedule.activeAt(second);
        const to = Math.min(second + 1000, end);
        extraCarry += options.schedule.extraRate(incident, rate) * ((to - second) / 1000);
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
  // The slots the probes stored came back as duplicates: they were not there before.
  stats.present = Math.max(0, stats.present - probesStored);
  return stats;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
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
