import { ANOMALY_METRIC_LABELS, SOCKET_EVENTS, type Anomaly, type AnomalyMetric } from '@vigil/contracts';
import { emit, listen, onConnected } from './socket.svelte';

/** Most anomalies the overview keeps in its panel. */
const KEEP = 50;

/** Recent anomalies, newest first: seeded from REST, then new ones pushed by the socket. */
export class LiveAnomalies {
  items = $state<Anomaly[]>([]);

  seed(items: Anomaly[]): void {
    this.items = items.slice(0, KEEP);
  }

  /** Listen for new anomalies (re-subscribing after every reconnect); returns the stop function. */
  start(): () => void {
    const stopListening = listen(SOCKET_EVENTS.anomaliesRaised, ({ anomalies }) => {
      const known = new Set(this.items.map((a) => a.id));
      const fresh = anomalies.filter((a) => !known.has(a.id));
      if (fresh.length) this.items = [...fresh, ...this.items].sort(newestFirst).slice(0, KEEP);
    });
    const stopConnected = onConnected(() => emit(SOCKET_EVENTS.anomaliesSubscribe));
    return () => {
      stopListening();
      stopConnected();
    };
  }
}

const newestFirst = (a: Anomaly, b: Anomaly) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.score - a.score);

export function metricLabel(metric: AnomalyMetric): string {
  return ANOMALY_METRIC_LABELS[metric];
}

/** "Team billing", "Overall", "Channel chat" … */
export function seriesLabel(series: Anomaly['series']): string {
  const { kind, value } = series.dimension;
  return kind === 'all' ? 'Overall' : `${kind[0]!.toUpperCase()}${kind.slice(1)} ${value}`;
}

/** A metric's value as the charts show it. */
export function formatMetric(metric: AnomalyMetric, value: number): string {
  if (metric === 'volume') return value.toFixed(value % 1 ? 1 : 0);
  if (metric === 'sentiment') return value.toFixed(2);
  if (metric === 'qaScore') return value.toFixed(0);
  return `${(value * 100).toFixed(0)}%`;
}

/** The anomalies of the series a view shows: overall, or the one team or channel it is filtered to. */
export function anomaliesOfView(items: Anomaly[], filters: { team?: string; channel?: string }): Anomaly[] {
  const kind = filters.team ? 'team' : filters.channel ? 'channel' : 'all';
  const value = filters.team ?? filters.channel ?? '*';
  return items.filter((a) => a.series.dimension.kind === kind && a.series.dimension.value === value);
}
