/** The role table of the README ("Authentication"), as data: one place answers "may X do Y". */

export const USER_ROLES = ['admin', 'manager', 'compliance', 'trainer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const PERMISSIONS = [
  'conversations.ingest',
  'overview.read',
  'conversations.read',
  'flags.read',
  'flags.work',
  'conversations.readUnredacted',
  'reports.build',
  'settings.users',
  'settings.keys',
  'settings.policies',
  'settings.topics',
  'settings.scorecard',
  'settings.alerts',
  'settings.retention',
  /** Erase a customer's data on request (the right to erasure): admins and compliance officers. */
  'conversations.erase',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everyone: Permission[] = ['overview.read', 'conversations.read'];

export const ROLE_PERMISSIONS: Record<UserRole | 'ingest', readonly Permission[]> = {
  admin: PERMISSIONS.filter((p) => p !== 'conversations.ingest'),
  manager: [...everyone, 'flags.read', 'reports.build', 'settings.alerts'],
  compliance: [
    ...everyone,
    'flags.read',
    'flags.work',
    'conversations.readUnredacted',
    'settings.policies',
    'conversations.erase',
    'audit.read',
  ],
  trainer: [...everyone, 'reports.build', 'settings.scorecard'],
  ingest: ['conversations.ingest'],
};

export function can(role: UserRole | 'ingest', permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
