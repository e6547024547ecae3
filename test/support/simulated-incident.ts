import type { Anomaly, AnomalyList } from '@vigil/contracts';
import {
  ConversationGenerator,
  defaultDatasetsDir,
  IngestClient,
  IncidentSchedule,
  loadPhraseSources,
  postHistory,
  type HistorySummary,
  type Incident,
  type IncidentKind,
} from '@vigil/simulator';
import type { ApiClient } from './client';
import { TEST_INGEST_KEY, waitFor, type RunningProcess } from './stack';

/**
 * The simulator's scheduled incidents replayed in the past, so a test sees the demo's story (two
 * hours of usual traffic, then an incident) without waiting for it: the same schedule, generator and
 * history poster the demo uses, through the public bulk API.
 */

export const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * A schedule whose first incident of `kind` starts at `startsAt`, lasting `durationMs`: incidents a
 * day apart (the jitter keeps neighbours at least ~17 hours away), so it is the only one within the
 * two hours of history before it.
 */
export function scheduleIncidentAt(
  seed: string,
  kind: IncidentKind,
  startsAt: number,
  durationMs = 2 * MINUTE,
): { schedule: IncidentSchedule; incident: Incident } {
  const options = { seed, firstAfterMs: 0, durationMs, intervalMs: DAY };
  // Where the kind falls in the schedule of this seed, and its offset from the start (its jitter).
  const probe = new IncidentSchedule({ ...options, startMs: 0 });
  const index = Array.from({ length: 20 }, (_, k) => k).find((k) => probe.incident(k).kind === kind);
  if (index === undefined) throw new Error(`no ${kind} incident in the schedule of seed ${seed}`);
  const schedule = new IncidentSchedule({ ...options, startMs: startsAt - probe.incident(index).startsAt });
  return { schedule, incident: schedule.incident(index) };
}

export interface SimulatedHistoryOptions {
  seed: string;
  /** Start of the history (epoch ms); it runs up to the moment it is posted. */
  from: number;
  /** Conversations per second. */
  rate: number;
  schedule?: IncidentSchedule;
}

/** Post the simulated history from `from` up to now through the bulk API, with the test ingest key. */
export async function postSimulatedHistory(
  url: string,
  options: SimulatedHistoryOptions,
): Promise<HistorySummary> {
  const generator = new ConversationGenerator({
    seed: options.seed,
    phrases: loadPhraseSources(defaultDatasetsDir()),
  });
  const client = new IngestClient({ url, key: TEST_INGEST_KEY, maxSockets: 2 });
  try {
    return await postHistory(generator, client, {
      minutes: (Date.now() - options.from) / MINUTE,
      seed: options.seed,
      rate: options.rate,
      batch: 500,
      maxInFlight: 2,
      log: () => {},
      schedule: options.schedule,
    });
  } finally {
    client.close();
  }
}

/**
 * The anomalies `GET /api/v1/anomalies<query>` lists that `pick` keeps, once there is one (the
 * workers score the history first); on a timeout the error carries the workers' output.
 */
export async function waitForAnomalies(
  manager: ApiClient,
  query: string,
  workers: RunningProcess,
  pick: (anomaly: Anomaly) => boolean = () => true,
  timeoutMs = 60_000,
): Promise<Anomaly[]> {
  return waitFor(
    `anomalies of ${query}`,
    async () => {
      const res = await manager.get(`/api/v1/anomalies${query}`);
      expect(res.status).toBe(200);
      const items = (res.body as AnomalyList).items.filter(pick);
      return items.length > 0 && items;
    },
    timeoutMs,
    500,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${workers.output()}`);
  });
}
