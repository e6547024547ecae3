import { error, redirect } from '@sveltejs/kit';
import { CSRF_COOKIE, CSRF_HEADER } from '@vigil/contracts';
import type {
  ApiError,
  ConversationDetail,
  ConversationListQuery,
  ConversationSummary,
  CurrentUser,
  DiscoveryRun,
  EngineConfig,
  EngineConfigVersion,
  Granularity,
  OverviewSnapshot,
  Page,
  QaCriteriaQuery,
  QaCriteriaSnapshot,
  QaScorecard,
  RescoreRun,
  TopicsConfig,
} from '@vigil/contracts';

/** A typed client for the REST API under /api/v1 (same origin; the session is an httpOnly cookie). */

const BASE = '/api/v1';

export type Fetch = typeof fetch;
type Query = Record<string, string | number | undefined | null>;

export interface OverviewQuery {
  from: string;
  to: string;
  granularity: Granularity;
  team?: string;
  channel?: string;
  /** Only one of team, channel, agent and topic (rollups are kept per single dimension). */
  agent?: string;
  topic?: string;
}

/** One entry of the configuration history (the configuration itself is left out). */
export type EngineConfigSummary = Omit<EngineConfigVersion, 'config'>;

/** The configuration as one document, as exported and imported. */
export type EngineConfigDocument = EngineConfig & { version?: number };

/** What a settings form sends: the taxonomy's and scorecard's own versions are set by the server. */
export interface TopicsChange {
  taxonomy: { topics: TopicsConfig['taxonomy']['topics'] };
  options?: TopicsConfig['options'];
}
export interface ScorecardChange {
  criteria: QaScorecard['criteria'];
}

/** A non-2xx answer from the API (or no answer at all: status 0). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | null,
    message: string,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

async function request<T>(
  fetchFn: Fetch,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  options: { query?: Query; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    // Double-submit CSRF: echo the readable cookie in a header the API compares with it.
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }

  let response: Response;
  try {
    response = await fetchFn(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiRequestError(0, null, 'The Vigil server cannot be reached. Check your connection.');
  }

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const body = isApiError(parsed) ? parsed : null;
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiRequestError(
      response.status,
      body,
      body?.message ?? `${response.status} ${response.statusText || 'Request failed'}`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
  return parsed as T;
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && 'message' in value && 'statusCode' in value;
}

/** Bind the client to a fetch: SvelteKit's in `load` functions, the global one elsewhere. */
export function createApi(fetchFn: Fetch = fetch) {
  return {
    me: () => request<CurrentUser>(fetchFn, 'GET', '/auth/me'),
    login: (email: string, password: string) =>
      request<CurrentUser>(fetchFn, 'POST', '/auth/login', { body: { email, password } }),
    logout: () => request<void>(fetchFn, 'POST', '/auth/logout'),
    listConversations: (query: ConversationListQuery) =>
      request<Page<ConversationSummary>>(fetchFn, 'GET', '/conversations', { query: { ...query } }),
    getConversation: (id: string) =>
      request<ConversationDetail>(fetchFn, 'GET', `/conversations/${encodeURIComponent(id)}`),
    overview: (query: OverviewQuery) =>
      request<OverviewSnapshot>(fetchFn, 'GET', '/metrics/overview', { query: { ...query } }),
    /** Each QA criterion's met rate over time, overall or for one team or agent. */
    qaCriteria: (query: QaCriteriaQuery) =>
      request<QaCriteriaSnapshot>(fetchFn, 'GET', '/metrics/qa-criteria', { query: { ...query } }),

    // ---- settings: the scoring engine's configuration (versioned) and rescoring ----
    engineConfig: () => request<EngineConfigVersion>(fetchFn, 'GET', '/settings/engine-config'),
    engineConfigVersions: () =>
      request<EngineConfigSummary[]>(fetchFn, 'GET', '/settings/engine-config/versions'),
    exportEngineConfig: () =>
      request<EngineConfig & { version: number }>(fetchFn, 'GET', '/settings/engine-config/export'),
    importEngineConfig: (document: EngineConfigDocument, note?: string) =>
      request<EngineConfigVersion>(fetchFn, 'POST', '/settings/engine-config/import', {
        body: { ...document, note: note || undefined },
      }),
    saveTopics: (topics: TopicsChange, note?: string) =>
      request<EngineConfigVersion>(fetchFn, 'PUT', '/settings/engine-config/topics', {
        body: { topics, note: note || undefined },
      }),
    saveScorecard: (scorecard: ScorecardChange, note?: string) =>
      request<EngineConfigVersion>(fetchFn, 'PUT', '/settings/engine-config/scorecard', {
        body: { scorecard, note: note || undefined },
      }),
    startRescore: (from: string, to: string) =>
      request<RescoreRun>(fetchFn, 'POST', '/settings/rescore', { body: { from, to } }),
    rescoreRun: (id: string) =>
      request<RescoreRun>(fetchFn, 'GET', `/settings/rescore/${encodeURIComponent(id)}`),
    rescoreRuns: () => request<RescoreRun[]>(fetchFn, 'GET', '/settings/rescore'),
    engineConfigVersion: (version: number) =>
      request<EngineConfigVersion>(fetchFn, 'GET', `/settings/engine-config/versions/${version}`),
    restoreEngineConfig: (version: number) =>
      request<EngineConfigVersion>(fetchFn, 'POST', `/settings/engine-config/versions/${version}/restore`),

    // ---- settings: topic discovery (admins) ----
    topicDiscovery: () =>
      request<{ latest: DiscoveryRun | null; current: DiscoveryRun | null }>(
        fetchFn,
        'GET',
        '/settings/topic-discovery',
      ),
    startTopicDiscovery: (days: number) =>
      request<DiscoveryRun>(fetchFn, 'POST', '/settings/topic-discovery', { body: { days } }),
    topicDiscoveryRun: (id: string) =>
      request<DiscoveryRun>(fetchFn, 'GET', `/settings/topic-discovery/${encodeURIComponent(id)}`),
    adoptTopicCandidate: (runId: string, candidateId: string) =>
      request<EngineConfigVersion>(
        fetchFn,
        'POST',
        `/settings/topic-discovery/${encodeURIComponent(runId)}/candidates/${encodeURIComponent(candidateId)}/adopt`,
      ),
  };
}

export type Api = ReturnType<typeof createApi>;

/** Where to send someone whose session ended, so that they come back to the page they were on. */
export function loginHref(url: URL | Location): string {
  const next = `${url.pathname}${url.search}`;
  return next === '/' || next.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/** Only same-origin paths are followed after login (no open redirect through ?next=). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next.startsWith('/login') ? '/' : next;
}

/** In a `load` function: turn an API failure into a login redirect or a SvelteKit error page. */
export function failLoad(err: unknown, url: URL): never {
  if (err instanceof ApiRequestError) {
    if (err.status === 401) redirect(307, loginHref(url));
    error(err.status || 503, { message: err.message, details: err.body?.errors });
  }
  throw err;
}
