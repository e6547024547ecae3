import { ApiRequestError, createApi } from '$lib/api';
import type { PageLoad } from './$types';

/** Whom the link is for, or why it cannot be used (shown on the page, not as an error page). */
export const load: PageLoad = async ({ fetch, params }) => {
  try {
    return {
      token: params.token,
      invitation: await createApi(fetch).invitation(params.token),
      problem: null,
    };
  } catch (err) {
    const gone = err instanceof ApiRequestError && (err.status === 404 || err.status === 410);
    return {
      token: params.token,
      invitation: null,
      problem: gone ? err.message : 'The link cannot be checked right now. Try again shortly.',
    };
  }
};
