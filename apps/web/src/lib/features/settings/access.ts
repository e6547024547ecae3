import { can, type UserRole } from '@vigil/contracts';

/** What a role may do in Settings (the API enforces the same table; this only decides what to show). */
export interface SettingsAccess {
  /** Change the topic taxonomy, and import a whole configuration (it replaces the taxonomy too). */
  topics: boolean;
  /** Change the QA scorecard. */
  scorecard: boolean;
  /** Change the compliance policies (admins and compliance officers). */
  policies: boolean;
  /** The scoring configuration at all: read it, its history, and rescore. */
  scoring: boolean;
  /** Manage users: roles, teams, invitations, deactivation, password resets. */
  users: boolean;
  /** Create and revoke ingest keys. */
  keys: boolean;
  /** Read the audit log. */
  audit: boolean;
  /** Set the retention periods and run the retention job. */
  retention: boolean;
  /** Alert rules and their delivery log (managers too). */
  alerts: boolean;
  /** See settings at all. */
  any: boolean;
}

export function settingsAccess(role: UserRole): SettingsAccess {
  const topics = can(role, 'settings.topics');
  const scorecard = can(role, 'settings.scorecard');
  const policies = can(role, 'settings.policies');
  const scoring = topics || scorecard || policies;
  const users = can(role, 'settings.users');
  const keys = can(role, 'settings.keys');
  const audit = can(role, 'audit.read');
  const retention = can(role, 'settings.retention');
  const alerts = can(role, 'settings.alerts');
  return {
    topics,
    scorecard,
    policies,
    scoring,
    users,
    keys,
    audit,
    retention,
    alerts,
    any: scoring || users || keys || audit || retention || alerts,
  };
}
