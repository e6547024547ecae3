import { createApi, failLoad } from '$lib/api';
import { parseListQuery } from '$lib/conversation-query';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  const query = parseListQuery(url.searchParams);
  try {
    return { query, result: await createApi(fetch).listConversations(query) };
  } catch (err) {
    failLoad(err, url);
  }
};
