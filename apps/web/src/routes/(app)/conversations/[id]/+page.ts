import { createApi, failLoad } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, params }) => {
  try {
    return { detail: await createApi(fetch).getConversation(params.id) };
  } catch (err) {
    failLoad(err, url);
  }
};
