import { bucketStart, GRANULARITY_MS } from '@vigil/contracts';
import type { Anomaly, OverviewSnapshot } from '@vigil/contracts';
import { ApiRequestError, createApi, failLoad } from '$lib/api';
import { parseOverviewFilters } from '$lib/live-overview.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  const filters = parseOverviewFilters(url.searchParams);
  const now = Date.now();
  const from = bucketStart(now, 'minute').getTime() - (filters.windowMinutes - 1) * GRANULARITY_MS.minute;

  // The REST snapshot paints the page at once; the socket then takes over with its own snapshot.
  let snapshot: OverviewSnapshot | null = null;
  let error: string | null = null;
  try {
    snapshot = await createApi(fetch).overview({
      from: new Date(from).toISOString(),
      to: new Date(now).toISOString(),
      granularity: 'minute',
      team: filters.team,
      channel: filters.channel,
    });
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 401) failLoad(err, url);
    error = err instanceof Error ? err.message : String(err);
  }
  // Anomalies are an extra: the overview still paints if they cannot be read.
  let anomalies: Anomaly[] = [];
  try {
    anomalies = (await createApi(fetch).listAnomalies({ limit: 50 })).items;
  } catch {
    anomalies = [];
  }
  return { filters, snapshot, error, anomalies };
};
