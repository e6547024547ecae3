import { createApi, failLoad } from '$lib/api';
import type { LayoutLoad } from './$types';

/** Every page in this group needs a session: no session → /login?next=… */
export const load: LayoutLoad = async ({ fetch, url }) => {
  try {
    return { user: await createApi(fetch).me() };
  } catch (err) {
    failLoad(err, url);
  }
};
