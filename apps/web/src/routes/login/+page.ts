import { redirect } from '@sveltejs/kit';
import { createApi, safeNext } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  const next = safeNext(url.searchParams.get('next'));
  // Already signed in (e.g. a bookmarked /login): go straight on.
  const user = await createApi(fetch)
    .me()
    .catch(() => null);
  if (user) redirect(307, next);
  return { next, expired: url.searchParams.has('next') };
};
