import type { AuthProviders, CurrentUser, InvitationDetails, SessionSummary } from '@vigil/contracts';
import { request, type Fetch } from './client';

// Single sign-on is a navigation, not a request: the browser goes to this address and comes back signed in.
export const ssoHref = (next: string) =>
  `/api/v1/auth/oidc${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`;

/** Signing in and out, who is signed in, one's own password and sessions, and invitation links. */
export const authApi = (fetchFn: Fetch) => ({
  me: () => request<CurrentUser>(fetchFn, 'GET', '/auth/me'),
  providers: () => request<AuthProviders>(fetchFn, 'GET', '/auth/providers'),
  login: (email: string, password: string) =>
    request<CurrentUser>(fetchFn, 'POST', '/auth/login', { body: { email, password } }),
  logout: () => request<void>(fetchFn, 'POST', '/auth/logout'),

  // ---- one's own account ----
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>(fetchFn, 'POST', '/auth/password', { body: { currentPassword, newPassword } }),
  sessions: () => request<SessionSummary[]>(fetchFn, 'GET', '/auth/sessions'),
  endSession: (id: string) => request<void>(fetchFn, 'DELETE', `/auth/sessions/${encodeURIComponent(id)}`),
  endAllSessions: () => request<void>(fetchFn, 'POST', '/auth/sessions/end-all'),

  // ---- one-time links (invitations, password resets), before signing in ----
  invitation: (token: string) =>
    request<InvitationDetails>(fetchFn, 'GET', `/invitations/${encodeURIComponent(token)}`),
  acceptInvitation: (token: string, password: string) =>
    request<CurrentUser>(fetchFn, 'POST', `/invitations/${encodeURIComponent(token)}`, {
      body: { password },
    }),
});
