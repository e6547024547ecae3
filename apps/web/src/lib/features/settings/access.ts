import { can, type UserRole } from '@vigil/contracts';

/** What a role may do in Settings (the API enforces the same table; this only decides what to show). */
export interface SettingsAccess {
  /** Change the topic taxonomy, and import a whole configuration (it replaces the taxonomy too). */
  topics: boolean;
  /** Change the QA scorecard. */
  scorecard: boolean;
  /** Manage users: roles, teams, invitations, deactivation, password resets. */
  users: boolean;
  /** See settings at all: read the configuration, its history, and rescore. */
  any: boolean;
}

export function settingsAccess(role: UserRole): SettingsAccess {
  const topics = can(role, 'settings.topics');
  const scorecard = can(role, 'settings.scorecard');
  const users = can(role, 'settings.users');
  return { topics, scorecard, users, any: topics || scorecard || users };
}
