import { ANOMALY_METRICS, type Anomaly, type AnomalyMetric } from '@vigil/contracts';
import type {
  AnomalyDetectionTransaction,
  AnomalyRepository,
  NewAnomaly,
  SeriesCounters,
  SeriesKey,
  SeriesRollupRow,
  StoredSeriesState,
  VigilConfig,
} from '@vigil/data';
import { MINUTE, evaluateSeries, type SeriesStates } from './series-evaluation';

const HOUR = 3_600_000;
/**
 * Anomalies of buckets this recent are news: they go to onAnomaliesRaised (live, alerts). Older ones
 * (history replayed for a series seen for the first time, or minutes caught up after the workers
 * were down) are stored, so the charts show them, but not announced.
 */
export const FRESH_MS = 10 * MINUTE;

export interface DetectionTick {
  /** False when another process held the detection lock (it evaluates these buckets). */
  ran: boolean;
  /** Dimension values evaluated, and minute points fed to the detector (per metric). */
  series: number;
  points: number;
  /** Anomalies stored by this tick; `raised` are the fresh ones among them. */
  stored: number;
  raised: Anomaly[];
}

const seriesId = (s: SeriesKey) => `${s.dimension}\u0000${s.value}`;
const floorMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

/**
 * Anomaly detection over the minute rollups. Each tick, under one lock for every workers process,
 * feeds each series the minute buckets that closed since it last learned (a bucket is closed once
 * the grace period after its minute has passed) and stores the detector's state and the anomalies in
 * one transaction, so a failed or concurrent tick never loses or repeats a bucket. A series seen for
 * the first time is replayed from its stored minutes of the last `historyHours`, so it is warm as
 * soon as there is history. The cost is per series and bucket, whatever the number of conversations.
 */
export class AnomalyDetectionService {
  constructor(
    private readonly repository: AnomalyRepository,
    private readonly onAnomaliesRaised: (anomalies: Anomaly[]) => Promise<void>,
    private readonly options: VigilConfig['anomalies'],
    private readonly now: () => number = Date.now,
  ) {}

  async tick(): Promise<DetectionTick> {
    const result = await this.repository.withDetectionLock((tx) => this.evaluate(tx));
    if (!result) return { ran: false, series: 0, points: 0, stored: 0, raised: [] };
    // Announced after the commit: what is announced is stored.
    if (result.raised.length) await this.onAnomaliesRaised(result.raised);
    return result;
  }

  private async evaluate(tx: AnomalyDetectionTransaction): Promise<DetectionTick> {
    // Buckets are judged once closed (the grace period after their minute has passed) and once
    // every conversation in them is scored: a bucket whose conversations are half scored has half its
    // counts (a false drop in volume), so nothing from the minute of the oldest unscored one on is
    // evaluated yet. A backlog (history posted at once, workers catching up) only delays detection.
    const closed = floorMinute(this.now() - this.options.graceSeconds * 1000);
    const unscored = await tx.oldestUnscoredEndedAt(new Date(closed - this.options.historyHours * HOUR));
    const until = unscored ? Math.min(closed, floorMinute(unscored.getTime())) : closed;
    const horizon = until - this.options.historyHours * HOUR;
    const stored = await tx.states(new Date(until - MINUTE));
    const bySeries = new Map<string, { key: SeriesKey; states: SeriesStates; last: number }>();
    for (const s of stored) {
      const id = seriesId(s);
      const entry = bySeries.get(id) ?? {
        key: { dimension: s.dimension, value: s.value },
        states: {},
        last: Infinity,
      };
      entry.states[s.metric] = s.state as SeriesStates[AnomalyMetric];
      entry.last = Math.min(entry.last, s.lastBucket.getTime());
      bySeries.set(id, entry);
    }
    // Nothing closed since every series last learned: the usual tick within a minute costs one read.
    const pending = [...bySeries.values()].some((e) => e.last + MINUTE < until);
    if (bySeries.size && !pending) return { ran: true, series: 0, points: 0, stored: 0, raised: [] };

    // Series to follow: those with conversations in the history window. One silent for longer is
    // forgotten (and replayed from history if it comes back).
    const active = await tx.activeSeries(new Date(horizon - HOUR), new Date(until));
    await tx.dropSeriesBefore(new Date(horizon));
    const continuing: SeriesKey[] = [];
    const fresh: SeriesKey[] = [];
    const seen = new Set<string>();
    for (const key of active) {
      seen.add(seriesId(key));
      const entry = bySeries.get(seriesId(key));
      if (entry && entry.last >= horizon) continuing.push(key);
      else fresh.push(key);
    }
    // A followed series keeps learning (zero volume) until it has been silent for the whole window.
    for (const entry of bySeries.values()) {
      if (!seen.has(seriesId(entry.key)) && entry.last >= horizon) continuing.push(entry.key);
    }

    const from = Math.min(...continuing.map((k) => bySeries.get(seriesId(k))!.last + MINUTE), until);
    const [recent, history] = await Promise.all([
      tx.minutes(continuing, new Date(from), new Date(until)),
      tx.minutes(fresh, new Date(horizon), new Date(until)),
    ]);
    const minutes = groupBySeries([...recent, ...history]);

    const states: StoredSeriesState[] = [];
    const anomalies: NewAnomaly[] = [];
    let points = 0;
    const run = (key: SeriesKey, start: number, known: SeriesStates) => {
      if (start >= until) return;
      const evaluation = evaluateSeries(
        key,
        known,
        minutes.get(seriesId(key)) ?? new Map(),
        start,
        until,
        this.options.warmupPoints,
      );
      points += (until - start) / MINUTE;
      anomalies.push(...evaluation.anomalies);
      for (const metric of ANOMALY_METRICS) {
        states.push({
          ...key,
          metric,
          state: evaluation.states[metric],
          lastBucket: new Date(until - MINUTE),
        });
      }
    };
    for (const key of continuing) {
      const entry = bySeries.get(seriesId(key))!;
      run(key, entry.last + MINUTE, entry.states);
    }
    for (const key of fresh) {
      // From the series' first stored minute: the empty hours before it existed are not its history
      // (a new agent's first conversation is not a surge from zero).
      const first = minutes.get(seriesId(key))?.keys().next().value;
      if (first !== undefined) run(key, first, {});
    }

    await tx.saveStates(states);
    const inserted = await tx.insertAnomalies(anomalies);
    const raised = inserted.filter((a) => Date.parse(a.at) >= until - FRESH_MS);
    return { ran: true, series: continuing.length + fresh.length, points, stored: inserted.length, raised };
  }
}

/** Rows by series, then by bucket (ms), in bucket order. */
function groupBySeries(rows: SeriesRollupRow[]): Map<string, Map<number, SeriesCounters>> {
  const sorted = [...rows].sort((a, b) => a.bucket.getTime() - b.bucket.getTime());
  const bySeries = new Map<string, Map<number, SeriesCounters>>();
  for (const row of sorted) {
    const id = seriesId(row);
    let minutes = bySeries.get(id);
    if (!minutes) bySeries.set(id, (minutes = new Map()));
    minutes.set(row.bucket.getTime(), row);
  }
  return bySeries;
}
