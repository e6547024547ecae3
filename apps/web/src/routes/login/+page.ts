import { redirect } from '@sveltejs/kit';
import { ssoErrorMessage, type AuthProviders } from '@vigil/contracts';
import { createApi, safeNext } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  const next = safeNext(url.searchParams.get('next'));
  // Already signed in (e.g. a bookmarked /login): go straight on.
  const api = createApi(fetch);
  const user = await api.me().catch(() => null);
  if (user) redirect(307, next);
  // Without the list the password form still works; single sign-on just isn't offered.
  const providers: AuthProviders = await api.providers().catch(() => ({ oidc: null }));
  // A single sign-on that did not complete comes back with a code (never a text to show as it is).
  const ssoError = ssoErrorMessage(url.searchParams.get('error'));
  return { next, expired: url.searchParams.has('next'), sso: providers.oidc, ssoError };
};
