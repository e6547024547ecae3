import { createApi, failLoad } from '$lib/api';
import { parsePeriod, periodRange } from '$lib/period';
import type { PageLoad } from './$types';

/** How many of the topic's latest conversations the page lists. */
const LATEST = 10;

export const load: PageLoad = async ({ fetch, url, params }) => {
  const key = params.key;
  const range = periodRange(parsePeriod(url.searchParams));
  const api = createApi(fetch);
  const window = { from: range.from, to: range.to, granularity: range.granularity };
  try {
    // The topic's own series, and all conversations' for its share of each bucket.
    const [topic, all, latest] = await Promise.all([
      api.overview({ ...window, topic: key }),
      api.overview(window),
      api.listConversations({ topic: key, pageSize: LATEST }),
    ]);
    return { key, range, topic, all, latest };
  } catch (err) {
    failLoad(err, url);
  }
};
