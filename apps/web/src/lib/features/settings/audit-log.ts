import { AUDIT_ACTIONS, AUDIT_AREAS, type AuditAction, type AuditQuery } from '@vigil/contracts';

/** What each audited action is called on the page. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'auth.signedIn': 'Signed in',
  'auth.signInFailed': 'Sign-in failed',
  'auth.signedOut': 'Signed out',
  'auth.passwordChanged': 'Password changed',
  'auth.sessionsEnded': 'Sessions ended',
  'user.created': 'User created',
  'user.invited': 'User invited',
  'user.invitationAccepted': 'Invitation accepted',
  'user.updated': 'User changed',
  'user.passwordReset': 'Password reset',
  'key.created': 'Ingest key created',
  'key.revoked': 'Ingest key revoked',
  'settings.changed': 'Settings changed',
  'rescore.started': 'Rescoring started',
  'discovery.started': 'Topic discovery started',
  'conversation.unredactedRead': 'Unredacted text read',
  'flag.decided': 'Flag decided',
  'flag.assigned': 'Flag assigned',
  'flag.commented': 'Flag commented on',
  'export.created': 'Export',
  'conversation.erased': 'Customer’s data erased',
  'retention.started': 'Retention run started',
  'retention.applied': 'Retention applied',
  'coaching.noteAdded': 'Coaching note added',
  'report.subscribed': 'Weekly report subscribed',
  'report.unsubscribed': 'Weekly report unsubscribed',
  'alert.ruleCreated': 'Alert rule created',
  'alert.ruleUpdated': 'Alert rule changed',
  'alert.ruleDeleted': 'Alert rule deleted',
};

const AREA_LABELS: Record<string, string> = {
  'auth.': 'sign-in',
  'user.': 'user',
  'key.': 'ingest key',
  'settings.': 'settings',
  'rescore.': 'rescoring',
  'discovery.': 'topic discovery',
  'conversation.': 'conversation',
  'flag.': 'flag',
  'export.': 'export',
  'retention.': 'retention',
  'alert.': 'alert rule',
};

/**
 * The choices of the action filter: each area with more than one action as "every … action", then
 * each action, grouped by area.
 */
export function auditActionChoices(): Array<{
  area: string;
  options: Array<{ value: string; label: string }>;
}> {
  return AUDIT_AREAS.map((area) => {
    const actions = AUDIT_ACTIONS.filter((a) => a.startsWith(area));
    const name = AREA_LABELS[area] ?? area.slice(0, -1);
    return {
      area: name.charAt(0).toUpperCase() + name.slice(1),
      options: [
        ...(actions.length > 1 ? [{ value: area, label: `Every ${name} action` }] : []),
        ...actions.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] })),
      ],
    };
  });
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters as the page keeps them in its address: an action, part of an actor, and whole days. */
export interface AuditFilterForm {
  action: string;
  actor: string;
  /** First and last day (YYYY-MM-DD, local), both included; '' for open. */
  from: string;
  to: string;
}

export function readAuditFilters(params: URLSearchParams): AuditFilterForm {
  const day = (value: string | null) => (value && DAY.test(value) ? value : '');
  return {
    action: params.get('action')?.trim() ?? '',
    actor: params.get('actor')?.trim() ?? '',
    from: day(params.get('from')),
    to: day(params.get('to')),
  };
}

/** Local midnight at the start of `day`, `plusDays` later, as an ISO time. */
function startOfDay(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** The filters as the API takes them: the days become the times from the first day's start to the end of the last. */
export function toAuditQuery(form: AuditFilterForm): AuditQuery {
  return {
    action: form.action || undefined,
    actor: form.actor || undefined,
    from: form.from ? startOfDay(form.from) : undefined,
    to: form.to ? startOfDay(form.to, 1) : undefined,
  };
}

/** An entry's details in one line of text ("setting: topics · version: 3"); shown as text, never as markup. */
export function formatAuditDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}
