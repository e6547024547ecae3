import type { InvitationLink, UserCreated, UserRole, UserSummary } from '@vigil/contracts';
import { request, type Fetch } from './client';

/** A new user: with a password, or without one (the answer then carries a one-time invitation link). */
export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  /** Only for managers and trainers; left out (or null) for every team. */
  teams?: string[] | null;
  password?: string;
}

export interface UserChange {
  name?: string;
  role?: UserRole;
  teams?: string[] | null;
  active?: boolean;
}

/** Settings → Users (admins), and the teams to choose from. */
export const usersApi = (fetchFn: Fetch) => ({
  users: () => request<UserSummary[]>(fetchFn, 'GET', '/users'),
  createUser: (user: NewUser) => request<UserCreated>(fetchFn, 'POST', '/users', { body: user }),
  updateUser: (id: string, change: UserChange) =>
    request<UserSummary>(fetchFn, 'PATCH', `/users/${encodeURIComponent(id)}`, { body: change }),
  resetPassword: (id: string) =>
    request<InvitationLink>(fetchFn, 'POST', `/users/${encodeURIComponent(id)}/password-reset`),
  /** Teams seen in conversations (a user limited to teams gets their own). */
  teams: () => request<string[]>(fetchFn, 'GET', '/teams'),
});
