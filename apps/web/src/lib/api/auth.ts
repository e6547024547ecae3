import type { CurrentUser } from '@vigil/contracts';
import { request, type Fetch } from './client';

/** Signing in and out, and who is signed in. */
export const authApi = (fetchFn: Fetch) => ({
  me: () => request<CurrentUser>(fetchFn, 'GET', '/auth/me'),
  login: (email: string, password: string) =>
    request<CurrentUser>(fetchFn, 'POST', '/auth/login', { body: { email, password } }),
  logout: () => request<void>(fetchFn, 'POST', '/auth/logout'),
});
