import {
  bucketStart,
  EMOTIONS,
  GRANULARITY_MS,
  SOCKET_EVENTS,
  toMetricPoint,
  zeroCounters,
} from '@vigil/contracts';
import type {
  BreakdownRow,
  Emotion,
  MetricPoint,
  OverviewDelta,
  OverviewSnapshot,
  OverviewSubscription,
  TopicTrend,
} from '@vigil/contracts';
import { emit, listen, onConnected } from './socket.svelte';

/**
 * The live overview as rune state: a snapshot from the server, then deltas merged in place.
 * Points are kept by minute; the window slides with a ticking clock so that a quiet minute still
 * moves the chart along and old minutes fall out even when no event arrives.
 */

export const WINDOW_CHOICES = [15, 60, 240] as const;
export const DEFAULT_WINDOW = 60;
/** Minutes over which "conversations per minute now" is averaged. */
export const RATE_MINUTES = 5;

const MINUTE = GRANULARITY_MS.minute;
const CLOCK_TICK_MS = 5_000;

export interface OverviewFilters {
  windowMinutes: number;
  team?: string;
  channel?: string;
}

export interface SeriesPoint extends MetricPoint {
  /** Bucket start in epoch ms. */
  ms: number;
}

export type OverviewTotals = Omit<MetricPoint, 't'>;

/** Averages and shares over the window's points, each weighted by the conversations it covers. */
function approximateTotals(series: SeriesPoint[]): OverviewTotals {
  const mean = (value: (p: SeriesPoint) => number | null | undefined): number | null => {
    let sum = 0;
    let weight = 0;
    for (const p of series) {
      const v = value(p);
      if (v != null && p.conversations > 0) {
        sum += v * p.conversations;
        weight += p.conversations;
      }
    }
    return weight > 0 ? sum / weight : null;
  };
  const withEmotions = series.some((p) => p.emotions && p.conversations > 0);
  return {
    conversations: series.reduce((sum, p) => sum + p.conversations, 0),
    messages: series.reduce((sum, p) => sum + p.messages, 0),
    sentiment: mean((p) => p.sentiment),
    negativeShare: mean((p) => p.negativeShare),
    // Weighted by conversations, not by the scored ones (not served per point): close enough.
    qaScore: mean((p) => p.qaScore),
    escalationShare: mean((p) => p.escalationShare),
    churnShare: mean((p) => p.churnShare),
    emotions: withEmotions
      ? (Object.fromEntries(EMOTIONS.map((e) => [e, mean((p) => p.emotions?.[e]) ?? 0])) as Record<
          Emotion,
          number
        >)
      : null,
  };
}

/** The overview's filters live in the URL (?window=60&team=billing&channel=chat), so a view can be shared. */
export function parseOverviewFilters(params: URLSearchParams): OverviewFilters {
  const window = Number(params.get('window'));
  const filters: OverviewFilters = {
    windowMinutes: (WINDOW_CHOICES as readonly number[]).includes(window) ? window : DEFAULT_WINDOW,
  };
  const team = params.get('team')?.trim();
  const channel = params.get('channel')?.trim();
  if (team) filters.team = team;
  if (channel) filters.channel = channel;
  return filters;
}

export function overviewSearch(filters: OverviewFilters): string {
  const params = new URLSearchParams();
  if (filters.windowMinutes !== DEFAULT_WINDOW) params.set('window', String(filters.windowMinutes));
  if (filters.team) params.set('team', filters.team);
  if (filters.channel) params.set('channel', filters.channel);
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

function sameFilters(a: OverviewFilters, b: { team?: string | null; channel?: string | null }): boolean {
  return (a.team ?? '') === (b.team ?? '') && (a.channel ?? '') === (b.channel ?? '');
}

function toSubscription(filters: OverviewFilters): OverviewSubscription {
  const subscription: OverviewSubscription = { windowMinutes: filters.windowMinutes };
  if (filters.team) subscription.team = filters.team;
  if (filters.channel) subscription.channel = filters.channel;
  return subscription;
}

export class LiveOverview {
  filters = $state<OverviewFilters>({ windowMinutes: DEFAULT_WINDOW });
  /** Latest server snapshot: totals and breakdowns are taken from it as they are. */
  snapshot = $state.raw<Omit<OverviewSnapshot, 'series'> | null>(null);
  /** Whether the data shown came over the socket for the current filters (vs. the REST seed). */
  live = $state(false);
  /** Browser time of the last snapshot or update for the current filters. */
  updatedAt = $state<number | null>(null);
  error = $state<string | null>(null);
  /** Teams seen in any unfiltered breakdown, for the team filter's options. */
  knownTeams = $state<string[]>([]);
  /** Server time, advanced by a local clock (corrected by each snapshot's generatedAt). */
  now = $state(Date.now());

  #points = $state.raw(new Map<number, MetricPoint>());
  #room: string | null = null;
  #clockOffset = 0;
  #started = false;

  /** One point per minute of the window, oldest first, zeros where nothing happened. */
  series: SeriesPoint[] = $derived.by(() => {
    const end = bucketStart(this.now, 'minute').getTime();
    const start = end - (this.filters.windowMinutes - 1) * MINUTE;
    const out: SeriesPoint[] = [];
    for (let ms = start; ms <= end; ms += MINUTE) {
      const point = this.#points.get(ms);
      out.push({ ...(point ?? toMetricPoint(new Date(ms).toISOString(), zeroCounters())), ms });
    }
    return out;
  });

  totals: OverviewTotals = $derived.by(() => {
    const series = this.series;
    const windowStart = series[0]?.ms ?? 0;
    const dropped = [...this.#points.keys()].some((ms) => ms < windowStart);
    const server = this.snapshot?.totals;
    const conversations = series.reduce((sum, p) => sum + p.conversations, 0);
    const messages = series.reduce((sum, p) => sum + p.messages, 0);
    // The server's totals are exact; they hold as long as no minute has slid out of the window.
    if (server && !dropped) return { ...server, conversations, messages };
    // Minutes slid out since the server last spoke: approximate from the points still in the window.
    return approximateTotals(series);
  });

  /** Conversations per minute over the last few minutes, counting the current minute pro rata. */
  perMinute: number = $derived.by(() => {
    const recent = this.series.slice(-RATE_MINUTES);
    if (recent.length === 0) return 0;
    const current = recent[recent.length - 1]!;
    const elapsedOfCurrent = Math.min(1, Math.max(0.1, (this.now - current.ms) / MINUTE));
    const minutes = recent.length - 1 + elapsedOfCurrent;
    return recent.reduce((sum, p) => sum + p.conversations, 0) / minutes;
  });

  byTeam: BreakdownRow[] = $derived(this.snapshot?.byTeam ?? []);
  byChannel: BreakdownRow[] = $derived(this.snapshot?.byChannel ?? []);
  /** Topics of the window with their growth against the window before (from the latest snapshot). */
  topics: TopicTrend[] = $derived(this.snapshot?.topics ?? []);

  /** Seed from the REST answer the page's load function fetched, unless the socket already spoke. */
  seed(filters: OverviewFilters, snapshot: OverviewSnapshot | null): void {
    const changed =
      filters.windowMinutes !== this.filters.windowMinutes || !sameFilters(this.filters, filters);
    if (changed) this.setFilters(filters);
    if (snapshot && !this.live && sameFilters(this.filters, snapshot.query)) this.#applySnapshot(snapshot);
  }

  /** Change window or filters: the old room is left and the new one joined (a fresh snapshot follows). */
  setFilters(filters: OverviewFilters): void {
    this.filters = { ...filters };
    this.#room = null;
    this.live = false;
    this.snapshot = null;
    this.updatedAt = null;
    this.#points = new Map();
    if (this.#started) {
      emit(SOCKET_EVENTS.overviewUnsubscribe);
      emit(SOCKET_EVENTS.overviewSubscribe, toSubscription(this.filters));
    }
  }

  /** Start listening; returns the cleanup that stops it (use inside $effect). */
  start(): () => void {
    this.#started = true;
    const stops = [
      listen(SOCKET_EVENTS.overviewSnapshot, (snapshot) => {
        // A snapshot for filters we have since left may still arrive; ignore it.
        if (!sameFilters(this.filters, snapshot.query)) return;
        this.#room = snapshot.room;
        this.live = true;
        this.error = null;
        this.#applySnapshot(snapshot);
      }),
      listen(SOCKET_EVENTS.overviewUpdate, (delta) => this.#applyDelta(delta)),
      listen(SOCKET_EVENTS.subscriptionError, (err) => {
        this.error = err.message;
      }),
      onConnected(() => emit(SOCKET_EVENTS.overviewSubscribe, toSubscription(this.filters))),
    ];
    const clock = setInterval(() => {
      this.now = Date.now() + this.#clockOffset;
    }, CLOCK_TICK_MS);
    return () => {
      clearInterval(clock);
      this.#started = false;
      for (const stop of stops) stop();
      emit(SOCKET_EVENTS.overviewUnsubscribe);
      this.live = false;
      this.#room = null;
    };
  }

  #applySnapshot(snapshot: OverviewSnapshot): void {
    const generated = Date.parse(snapshot.generatedAt);
    if (Number.isFinite(generated)) this.#clockOffset = generated - Date.now();
    this.now = Date.now() + this.#clockOffset;
    const points = new Map<number, MetricPoint>();
    for (const point of snapshot.series) {
      const ms = Date.parse(point.t);
      if (Number.isFinite(ms)) points.set(ms, point);
    }
    this.#points = points;
    this.snapshot = snapshot;
    this.updatedAt = Date.now();
    this.#rememberTeams(snapshot);
  }

  #applyDelta(delta: OverviewDelta): void {
    if (!this.#room || delta.room !== this.#room) return;
    this.now = Date.now() + this.#clockOffset;
    const oldest = bucketStart(this.now, 'minute').getTime() - (this.filters.windowMinutes - 1) * MINUTE;
    const points = new Map<number, MetricPoint>();
    for (const [ms, point] of this.#points) if (ms >= oldest) points.set(ms, point);
    for (const point of delta.points) {
      const ms = Date.parse(point.t);
      if (Number.isFinite(ms) && ms >= oldest) points.set(ms, point);
    }
    this.#points = points;
    this.snapshot = delta.snapshot;
    this.updatedAt = Date.now();
    this.#rememberTeams(delta.snapshot);
  }

  #rememberTeams(snapshot: Omit<OverviewSnapshot, 'series'>): void {
    if (snapshot.query.team) return;
    const teams = new Set(this.knownTeams);
    let added = false;
    for (const row of snapshot.byTeam) {
      if (row.value && !teams.has(row.value)) {
        teams.add(row.value);
        added = true;
      }
    }
    if (added) this.knownTeams = [...teams].sort((a, b) => a.localeCompare(b));
  }
}
