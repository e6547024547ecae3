import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_COOKIE, SESSION_COOKIE } from '@vigil/contracts';
import { newToken, type VigilConfig } from '@vigil/data';

/** Cookies are Secure unless configured otherwise or served over plain http. */
export function secureCookies(config: VigilConfig, request: FastifyRequest): boolean {
  return config.secureCookies ?? request.protocol === 'https';
}

/**
 * A signed-in browser, however it signed in (password, invitation link, single sign-on): the session token in an
 * httpOnly cookie, and the double-submit CSRF token in a cookie the page can read.
 */
export function setSessionCookies(
  reply: FastifyReply,
  request: FastifyRequest,
  config: VigilConfig,
  session: { token: string; expiresAt: Date },
): void {
  const options = {
    path: '/',
    sameSite: 'strict' as const,
    secure: secureCookies(config, request),
    expires: session.expiresAt,
  };
  void reply.setCookie(SESSION_COOKIE, session.token, { ...options, httpOnly: true });
  void reply.setCookie(CSRF_COOKIE, newToken(16), { ...options, httpOnly: false });
}

/** Signed out: both cookies go. */
export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
}
