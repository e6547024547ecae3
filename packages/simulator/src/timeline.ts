/**
 * The simulator's usual traffic is one timeline, whichever run posts it: at `rate` conversations per
 * second, slot k is the k-th conversation since the epoch and ends at about k / rate seconds. A
 * conversation's external id is its slot's, so the history and the live loop of every run name the
 * same slot the same way, and the API, which treats (source, externalId) as the idempotency key,
 * answers a slot posted before as a duplicate instead of storing it twice. That is what lets a
 * restart with `--history` see the past it already posted (see history.ts) instead of doubling it.
 * (Two simulators at the same rate against one Vigil at once therefore share one timeline: give them
 * different rates to add their traffic up.) An incident's extra traffic is not on the timeline.
 */

/** The slot whose time is at or after `timeMs`. */
export function slotAtOrAfter(timeMs: number, rate: number): number {
  return Math.ceil((timeMs * rate) / 1000);
}

/** The slot whose time is at or before `timeMs`. */
export function slotAtOrBefore(timeMs: number, rate: number): number {
  return Math.floor((timeMs * rate) / 1000);
}

/** When slot k's conversation ends, before jitter (epoch ms). */
export function slotTime(slot: number, rate: number): number {
  return (slot * 1000) / rate;
}

/**
 * Where in its slot (a share of the gap to the next, in [0, 1)) slot k's conversation ends: a hash of
 * the slot, so that every run backdates a slot to the same moment.
 */
export function slotJitter(slot: number): number {
  let h = Math.imul(slot | 0, 0x9e3779b1) ^ Math.floor(slot / 2 ** 32);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/** The external id of slot k at `rate`: the same in every run, whatever its seed. */
export function slotExternalId(slot: number, rate: number): string {
  return `sim-${rate}ps-${slot}`;
}
