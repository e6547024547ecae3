import { error, redirect } from '@sveltejs/kit';
import { CSRF_COOKIE, CSRF_HEADER, type ApiError } from '@vigil/contracts';

/** The REST API under /api/v1 (same origin; the session is an httpOnly cookie): requests and errors. */

const BASE = '/api/v1';

export type Fetch = typeof fetch;
export type Query = Record<string, string | number | undefined | null>;

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

/** The address of an API path with its query (empty values left out), for a link as much as a request. */
export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

export async function request<T>(
  fetchFn: Fetch,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
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

/** Where to send someone whose session ended, so that they come back to the page they were on. */
export function loginHref(url: URL | Location): string {
  const next = `${url.pathname}${url.search}`;
  return next === '/' || next.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

// Shared with the API, which checks the `next` of a single sign-on the same way.
export { safeNext } from '@vigil/contracts';

/** In a `load` function: turn an API failure into a login redirect or a SvelteKit error page. */
export function failLoad(err: unknown, url: URL): never {
  if (err instanceof ApiRequestError) {
    if (err.status === 401) redirect(307, loginHref(url));
    error(err.status || 503, { message: err.message, details: err.body?.errors });
  }
  throw err;
}
