import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_COOKIE, SESSION_COOKIE } from '@vigil/contracts';
import { newToken, type VigilConfig } from '@vigil/data';

/**
 * The cookies of a signed-in browser, set the same way wherever someone signs in (the login form,
 * an invitation link): the session token (httpOnly) and the CSRF token the dashboard echoes in a
 * header (readable by its scripts: double submit).
 */
export function setSessionCookies(
  reply: FastifyReply,
  request: FastifyRequest,
  config: VigilConfig,
  session: { token: string; expiresAt: Date },
): void {
  const secure = config.secureCookies ?? request.protocol === 'https';
  const options = { path: '/', sameSite: 'strict' as const, secure, expires: session.expiresAt };
  void reply.setCookie(SESSION_COOKIE, session.token, { ...options, httpOnly: true });
  void reply.setCookie(CSRF_COOKIE, newToken(16), { ...options, httpOnly: false });
}

/** Signed out: both cookies go. */
export function clearSessionCookies(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
}
