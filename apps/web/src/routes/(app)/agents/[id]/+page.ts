import { createApi, failLoad } from '$lib/api';
import { parsePeriod, periodRange } from '$lib/period';
import { agentLabel } from '$lib/quality';
import type { PageLoad } from './$types';

/** How many of the agent's latest conversations the page lists. */
const LATEST = 15;

export const load: PageLoad = async ({ fetch, url, params }) => {
  const id = params.id;
  const range = periodRange(parsePeriod(url.searchParams));
  const api = createApi(fetch);
  try {
    const [overview, qaCriteria, latest] = await Promise.all([
      api.overview({ from: range.from, to: range.to, granularity: range.granularity, agent: id }),
      api.qaCriteria({ from: range.from, to: range.to, granularity: range.granularity, agent: id }),
      api.listConversations({ agent: id, pageSize: LATEST }),
    ]);
    // The agent as posted with their latest conversation: a name, and whether it is an AI.
    const agent = latest.items[0]?.agents.find((a) => a.id === id);
    const name = agent ? agentLabel(agent) : null;
    return { id, name, range, overview, qaCriteria, latest };
  } catch (err) {
    failLoad(err, url);
  }
};
