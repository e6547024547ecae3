import { CONVERSATION_STATUSES, LIST_QA_OUTCOMES } from '@vigil/contracts';
import type { Channel, ConversationListQuery, ConversationStatus, ListQaOutcome } from '@vigil/contracts';
import { CHANNEL_OPTIONS } from './channels';

/** The conversation list's filters, read from and written to the URL query. */

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;
export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type SentimentFilter = (typeof SENTIMENTS)[number];

function oneOf<T extends string>(list: readonly T[], value: string | null): T | undefined {
  return value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined;
}

function text(value: string | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function isoDate(value: string | null): string | undefined {
  if (!value) return undefined;
  return Number.isNaN(Date.parse(value)) ? undefined : value;
}

export function parseListQuery(params: URLSearchParams): ConversationListQuery {
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const size = Number(params.get('pageSize'));
  const query: ConversationListQuery = {
    page,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE,
    team: text(params.get('team')),
    channel: oneOf<Channel>(CHANNEL_OPTIONS, params.get('channel')),
    agent: text(params.get('agent')),
    topic: text(params.get('topic')),
    status: oneOf<ConversationStatus>(CONVERSATION_STATUSES, params.get('status')),
    sentiment: oneOf<SentimentFilter>(SENTIMENTS, params.get('sentiment')),
    from: isoDate(params.get('from')),
    to: isoDate(params.get('to')),
    q: text(params.get('q')),
    criterion: text(params.get('criterion')),
    outcome: oneOf<ListQaOutcome>(LIST_QA_OUTCOMES, params.get('outcome')),
  };
  // The API refuses an outcome without its criterion.
  if (!query.criterion) delete query.outcome;
  for (const key of Object.keys(query) as (keyof ConversationListQuery)[]) {
    if (query[key] === undefined) delete query[key];
  }
  return query;
}

/** "?team=billing&page=2"; defaults (page 1, default size) are left out to keep links short. */
export function listHref(query: ConversationListQuery): string {
  const params = new URLSearchParams();
  const order: (keyof ConversationListQuery)[] = [
    'q',
    'team',
    'channel',
    'agent',
    'topic',
    'status',
    'sentiment',
    'from',
    'to',
    'criterion',
    'outcome',
    'page',
    'pageSize',
  ];
  for (const key of order) {
    const value = query[key];
    if (value === undefined || value === null || value === '') continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'pageSize' && value === DEFAULT_PAGE_SIZE) continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return `/conversations${qs ? `?${qs}` : ''}`;
}

export function hasFilters(query: ConversationListQuery): boolean {
  return Boolean(
    query.q ||
    query.team ||
    query.channel ||
    query.agent ||
    query.topic ||
    query.status ||
    query.sentiment ||
    query.from ||
    query.to ||
    query.criterion,
  );
}
