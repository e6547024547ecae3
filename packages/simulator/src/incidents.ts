import { Random } from './random';
import { TEAM_WEIGHTS, TEAMS, TOPICS, TOPICS_BY_ID, type Team } from './topics';

/**
 * Scheduled incidents, so the live dashboard has something to show: every ~10 minutes, for ~2
 * minutes, one of
 *  - a topic surge: extra conversations about one complaint topic, so its team's volume triples
 *    and the topic dominates it (e.g. "double charge" in billing);
 *  - a sentiment drop: one team's customers arrive angrier and leave unresolved more often;
 *  - a fraud campaign: the same social-engineering script from many "customers", on voice, with
 *    synthetic-sounding speech and the same device, phone and IP across different accounts;
 *  - an account-takeover wave: chat callers who fail or skip the identity check and ask to change
 *    the phone and e-mail, add a payee and move money, under pressure;
 *  - an AI-agent jailbreak attempt: customers telling the AI agent to ignore its instructions,
 *    enter "developer mode" or reveal its system prompt and other customers' data.
 * The schedule is a pure function of the seed and the run's start, so a run can be replayed.
 */

export type IncidentKind =
  'topic-surge' | 'sentiment-drop' | 'fraud-campaign' | 'account-takeover' | 'ai-jailbreak';

/** The incidents whose traffic is fraud (marked `metadata.simulation.fraud`), for evaluation. */
export const FRAUD_INCIDENTS: readonly IncidentKind[] = [
  'fraud-campaign',
  'account-takeover',
  'ai-jailbreak',
];

export interface Incident {
  id: string;
  index: number;
  kind: IncidentKind;
  /** Epoch ms, inclusive. */
  startsAt: number;
  /** Epoch ms, exclusive. */
  endsAt: number;
  team: Team;
  /** The surging topic (topic-surge) or the script's topic (fraud-campaign). */
  topicId?: string;
  /** Factor on the team's normal volume while the incident runs (1 = no extra traffic). */
  volumeMultiplier: number;
  /** For a fraud campaign: what the callers share. */
  campaign?: { phone: string; ip: string; deviceId: string };
  description: string;
}

export interface IncidentScheduleOptions {
  seed: string | number;
  /** When the run started (epoch ms); incident times are offsets from it. */
  startMs: number;
  /** Mean time between incident starts. */
  intervalMs?: number;
  durationMs?: number;
  /** When the first incident starts; defaults to half an interval, so a baseline exists first. */
  firstAfterMs?: number;
}

const KIND_CYCLE: readonly IncidentKind[] = [
  'topic-surge',
  'sentiment-drop',
  'topic-surge',
  'fraud-campaign',
  // Appended, so the first four keep their places in existing schedules.
  'account-takeover',
  'topic-surge',
  'ai-jailbreak',
];
const SURGE_TOPICS: ReadonlyArray<readonly [string, number]> = [
  ['double-charge', 4],
  ['payment-failed', 2],
  ['login-problem', 2],
  ['card-not-working', 2],
  ['unexpected-fee', 1],
  ['transfer-not-received', 1],
];

export function teamShare(team: string): number {
  const total = TEAM_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  return (TEAM_WEIGHTS.find(([t]) => t === team)?.[1] ?? 0) / total;
}

export class IncidentSchedule {
  readonly intervalMs: number;
  readonly durationMs: number;
  readonly firstAfterMs: number;
  private readonly cache = new Map<number, Incident>();

  constructor(private readonly options: IncidentScheduleOptions) {
    this.intervalMs = options.intervalMs ?? 10 * 60_000;
    this.durationMs = options.durationMs ?? 2 * 60_000;
    this.firstAfterMs = options.firstAfterMs ?? Math.round(this.intervalMs / 2);
    if (this.durationMs >= this.intervalMs * 0.7)
      throw new Error('incident duration must be well under the interval');
  }

  /** The k-th incident (0-based). */
  incident(index: number): Incident {
    const cached = this.cache.get(index);
    if (cached) return cached;
    const rng = new Random(`${this.options.seed}:incident:${index}`);
    // Jitter of ±15% of the interval keeps incidents from looking clockwork while never overlapping.
    const jitter = Math.round(rng.float(-0.15, 0.15) * this.intervalMs);
    const startsAt =
      this.options.startMs + this.firstAfterMs + index * this.intervalMs + (index === 0 ? 0 : jitter);
    const endsAt = startsAt + this.durationMs;
    const kind = KIND_CYCLE[index % KIND_CYCLE.length]!;
    const id = `inc-${index + 1}`;
    let incident: Incident;
    if (kind === 'topic-surge') {
      const topicId = rng.weighted(SURGE_TOPICS);
      const topic = TOPICS_BY_ID.get(topicId)!;
      incident = {
        id,
        index,
        kind,
        startsAt,
        endsAt,
        team: topic.team,
        topicId,
        volumeMultiplier: 3,
        description: `surge of "${topic.label}" in ${topic.team} (volume x3)`,
      };
    } else if (kind === 'sentiment-drop') {
      const team = rng.pick(TEAMS);
      incident = {
        id,
        index,
        kind,
        startsAt,
        endsAt,
        team,
        volumeMultiplier: 1,
        description: `sentiment drop in ${team} (angrier customers, fewer resolutions)`,
      };
    } else if (kind === 'account-takeover' || kind === 'ai-jailbreak') {
      const topic = TOPICS.find((t) => t.id === 'personal-details')!;
      incident = {
        id,
        index,
        kind,
        startsAt,
        endsAt,
        team: topic.team,
        topicId: topic.id,
        volumeMultiplier: 1.5,
        description:
          kind === 'account-takeover'
            ? `account-takeover wave on chat in ${topic.team} (failed checks, contact changes, new payees)`
            : `AI-agent jailbreak attempts in ${topic.team} (instruction overrides, system prompt requests)`,
      };
    } else {
      const topic = TOPICS.find((t) => t.id === 'personal-details')!;
      incident = {
        id,
        index,
        kind,
        startsAt,
        endsAt,
        team: topic.team,
        topicId: topic.id,
        volumeMultiplier: 1.5,
        campaign: {
          phone: `+4470${rng.digits(8)}`,
          ip: `198.51.100.${rng.int(2, 254)}`,
          deviceId: `d-${rng.digits(6)}`,
        },
        description: `fraud campaign on voice in ${topic.team} (same script, device and IP across accounts)`,
      };
    }
    this.cache.set(index, incident);
    return incident;
  }

  /** The incident running at `timeMs`, if any. */
  activeAt(timeMs: number): Incident | undefined {
    const k = Math.floor((timeMs - this.options.startMs - this.firstAfterMs) / this.intervalMs);
    // Jitter can move an incident into the neighbouring slot, so look at both.
    for (const index of [k, k + 1, k - 1]) {
      if (index < 0) continue;
      const incident = this.incident(index);
      if (timeMs >= incident.startsAt && timeMs < incident.endsAt) return incident;
    }
    return undefined;
  }

  /** Incidents that start at or before `untilMs`, in order. */
  until(untilMs: number): Incident[] {
    const out: Incident[] = [];
    for (let k = 0; k < 10_000; k++) {
      const incident = this.incident(k);
      if (incident.startsAt > untilMs) break;
      out.push(incident);
    }
    return out;
  }

  /**
   * Conversations per second added on top of `baseRate` by an incident: a surge raises its team's
   * volume to `volumeMultiplier` times normal; a fraud campaign adds its callers.
   */
  extraRate(incident: Incident | undefined, baseRate: number): number {
    if (!incident || incident.volumeMultiplier <= 1) return 0;
    return baseRate * teamShare(incident.team) * (incident.volumeMultiplier - 1);
  }
}

export function formatOffset(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}
