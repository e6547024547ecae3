import type { FlagListQuery, FlagSource, FlagStatus, Severity } from '@vigil/contracts';
import { CHANNEL_OPTIONS } from '../../channels';

/**
 * The review queue's words and its URL: filters live in the query string (so a view can be shared
 * and survives a reload), and the keyboard's triage keys are listed once, for the handler and the
 * page's legend alike.
 */

// Written out rather than imported: contracts' SEVERITIES sits in a module that pulls zod into the
// bundle (see $lib/channels). The `satisfies` keeps the lists honest.
export const SEVERITY_OPTIONS = ['critical', 'high', 'medium', 'low'] as const satisfies readonly Severity[];
export const STATUS_OPTIONS = [
  'open',
  'in_review',
  'escalated',
  'confirmed',
  'dismissed',
] as const satisfies readonly FlagStatus[];

export const SOURCE_OPTIONS = ['policy', 'fraud'] as const satisfies readonly FlagSource[];
export const SOURCE_LABELS: Record<FlagSource, string> = { policy: 'Policy', fraud: 'Fraud' };

export const STATUS_LABELS: Record<FlagStatus, string> = {
  open: 'Open',
  in_review: 'In review',
  confirmed: 'Confirmed',
  dismissed: 'Dismissed',
  escalated: 'Escalated',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** The queue shows what awaits a decision unless asked otherwise. */
export const AWAITING = 'open,in_review';
export const STATUS_VIEWS = [
  { value: AWAITING, label: 'Awaiting decision' },
  { value: 'escalated', label: 'Escalated' },
  { value: 'confirmed', label: 'Confirmed' },
  { value: 'dismissed', label: 'Dismissed' },
  { value: '', label: 'Any status' },
] as const;

export interface QueueFilters {
  status: string;
  severity: string;
  /** "", "policy" or "fraud". */
  source: string;
  rule: string;
  team: string;
  channel: string;
  /** "", "me" or "none". */
  assignee: string;
  overdue: boolean;
}

export function parseQueueFilters(params: URLSearchParams): QueueFilters {
  const status = params.get('status');
  const channel = params.get('channel') ?? '';
  const assignee = params.get('assignee') ?? '';
  const severity = params.get('severity') ?? '';
  const source = params.get('source') ?? '';
  return {
    status: status === null ? AWAITING : status,
    severity: (SEVERITY_OPTIONS as readonly string[]).includes(severity) ? severity : '',
    source: (SOURCE_OPTIONS as readonly string[]).includes(source) ? source : '',
    rule: params.get('rule')?.trim() ?? '',
    team: params.get('team')?.trim() ?? '',
    channel: (CHANNEL_OPTIONS as readonly string[]).includes(channel) ? channel : '',
    assignee: assignee === 'me' || assignee === 'none' ? assignee : '',
    overdue: params.get('overdue') === 'true',
  };
}

export function queueHref(filters: QueueFilters): string {
  const params = new URLSearchParams();
  if (filters.status !== AWAITING) params.set('status', filters.status);
  for (const key of ['severity', 'source', 'rule', 'team', 'channel', 'assignee'] as const)
    if (filters[key]) params.set(key, filters[key]);
  if (filters.overdue) params.set('overdue', 'true');
  const qs = params.toString();
  return `/review${qs ? `?${qs}` : ''}`;
}

export function toListQuery(filters: QueueFilters, limit = 100): FlagListQuery {
  return {
    status: filters.status || undefined,
    severity: filters.severity || undefined,
    source: (filters.source || undefined) as FlagListQuery['source'],
    rule: filters.rule || undefined,
    team: filters.team || undefined,
    channel: (filters.channel || undefined) as FlagListQuery['channel'],
    assignee: filters.assignee || undefined,
    overdue: filters.overdue || undefined,
    limit,
  };
}

/** "45 min", "5 h", "3 d": how long a flag has waited. */
export function formatAge(fromIso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

export type TriageAction = 'next' | 'previous' | 'confirm' | 'dismiss' | 'assign' | 'escalate' | 'select';

/** The triage keys, in the order the page lists them; `work` ones need flags.work. */
export const TRIAGE_KEYS: ReadonlyArray<{ key: string; action: TriageAction; label: string; work: boolean }> =
  [
    { key: 'j', action: 'next', label: 'next', work: false },
    { key: 'k', action: 'previous', label: 'previous', work: false },
    { key: 'c', action: 'confirm', label: 'confirm', work: true },
    { key: 'd', action: 'dismiss', label: 'dismiss (with a reason)', work: true },
    { key: 'a', action: 'assign', label: 'assign to me', work: true },
    { key: 'e', action: 'escalate', label: 'escalate', work: true },
    { key: 'x', action: 'select', label: 'select for a bulk action', work: true },
  ];

/** The action a key press asks for, or null (typing in a field, a modifier held, another key). */
export function triageAction(
  event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: unknown },
  canWork: boolean,
): TriageAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const target = event.target as { tagName?: string; isContentEditable?: boolean } | null;
  const tag = target?.tagName?.toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select' || target?.isContentEditable) return null;
  const entry = TRIAGE_KEYS.find((k) => k.key === event.key);
  if (!entry || (entry.work && !canWork)) return null;
  return entry.action;
}

/** The compliance overview's periods, in days (?days=): by hour up to a week, by day beyond. */
export const OVERVIEW_DAYS = [1, 7, 30, 90] as const;
