import type { UserRole } from '@vigil/contracts';

/** Roles in the product's words. */
export const ROLE_LABELS: Record<UserRole, string> = {
  admin: 'Admin',
  manager: 'Manager',
  compliance: 'Compliance officer',
  trainer: 'Trainer',
};

/** What each role is for (DESIGN.md's role table, in a sentence), shown where a role is chosen. */
export const ROLE_HINTS: Record<UserRole, string> = {
  admin: 'Everything: users, keys and every setting.',
  manager: 'The live overview and conversations; sees the review queue; builds coaching reports.',
  compliance: 'Works the review queue, reads unredacted text, sets policies, reads the audit log.',
  trainer: 'The overview and conversations, coaching reports, and the QA scorecard.',
};
