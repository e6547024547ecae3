import { error } from '@sveltejs/kit';
import { createApi, failLoad } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { current, access } = await parent();
  if (!current || !access.topics) error(403, { message: 'Topic discovery is for admins.' });
  try {
    return { discovery: await createApi(fetch).topicDiscovery() };
  } catch (err) {
    failLoad(err, url);
  }
};
