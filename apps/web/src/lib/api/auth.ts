import type { AuthProviders, CurrentUser } from '@vigil/contracts';
import { request, type Fetch } from './client';

/** Signing in and out, and who is signed in. */
// Single sign-on is a navigation, not a request: the browser goes to this address and comes back signed in.
export const ssoHref = (next: string) =>
  `/api/v1/auth/oidc${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`;

export const authApi = (fetchFn: Fetch) => ({
  me: () => request<CurrentUser>(fetchFn, 'GET', '/auth/me'),
  providers: () => request<AuthProviders>(fetchFn, 'GET', '/auth/providers'),
  login: (email: string, password: string) =>
    request<CurrentUser>(fetchFn, 'POST', '/auth/login', { body: { email, password } }),
  logout: () => request<void>(fetchFn, 'POST', '/auth/logout'),
});
