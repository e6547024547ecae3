import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import * as client from 'openid-client';
import { safeNext, type CurrentUser, type SsoError } from '@vigil/contracts';
import { AuthRepository, hashToken, newToken, type OidcConfig, type VigilConfig } from '@vigil/data';
import { CONFIG, REDIS } from '../../../common/tokens.js';
import { AuditService } from '../../audit/audit.service.js';
import { AuthService } from '../auth.service.js';
import {
  decideAccount,
  identityFromClaims,
  type ExistingAccount,
  type OidcIdentity,
} from './oidc-identity.js';

/** How long a browser has at the provider between leaving Vigil and coming back. */
export const OIDC_TRANSACTION_SECONDS = 600;

/** The provider's metadata is discovered once, then again after this long (keys rotate through JWKS on their own). */
const DISCOVERY_MS = 3_600_000;

/** What Vigil keeps of a sign-in under way, in Redis, under the hash of the id in the browser's cookie. */
interface Transaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string;
}

/** A sign-in that did not complete: the code the login page explains, and what the audit log keeps. */
class SsoRefusal extends Error {
  constructor(
    readonly code: SsoError,
    readonly detail: string,
    readonly who?: { actor: string; actorId?: string },
  ) {
    super(detail);
  }
}

export type SsoOutcome =
  | { location: string; session: { token: string; expiresAt: Date } }
  | { location: string; session?: undefined };

const loginWithError = (code: SsoError) => `/login?error=${code}`;

/**
 * Single sign-on with OpenID Connect: the authorization code flow with PKCE (S256), state and nonce,
 * through openid-client (which checks the response, the ID token's signature against the provider's
 * JWKS, its issuer, audience, expiry and nonce). Accounts follow the provider's claims by the rules of
 * oidc-identity.ts; the session opened is the one a password sign-in gets.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('SSO');
  private discovered: { configuration: client.Configuration; until: number } | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: VigilConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly auth: AuthService,
    private readonly repository: AuthRepository,
    private readonly audit: AuditService,
  ) {}

  /** Where to send a browser that asked to sign in, and the id its transaction cookie carries back. */
  async begin(next: string | undefined): Promise<{ location: string; transactionId?: string }> {
    const oidc = this.config.oidc;
    if (!oidc) return { location: loginWithError('sso_off') };
    let configuration: client.Configuration;
    try {
      configuration = await this.provider(oidc);
    } catch (error) {
      this.logger.warn(
        `the identity provider at ${oidc.issuer} cannot be reached: ${(error as Error).message}`,
      );
      return { location: loginWithError('sso_unavailable') };
    }
    const transaction: Transaction = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      next: safeNext(next),
    };
    const transactionId = newToken();
    try {
      await this.redis.set(
        this.transactionKey(transactionId),
        JSON.stringify(transaction),
        'EX',
        OIDC_TRANSACTION_SECONDS,
      );
    } catch (error) {
      // A browser navigated here: it gets the login page with a message, not an error document.
      this.logger.warn(`cannot keep a sign-in under way: ${(error as Error).message}`);
      return { location: loginWithError('sso_failed') };
    }
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: oidc.redirectUrl,
      scope: oidc.scopes,
      state: transaction.state,
      nonce: transaction.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(transaction.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { location: url.href, transactionId };
  }

  /**
   * The provider sent the browser back: check the answer against the transaction of this browser,
   * exchange the code, read who it is, and sign them in — or say why not (and put that on record).
   */
  async complete(
    query: string,
    transactionId: string | undefined,
    request: FastifyRequest,
  ): Promise<SsoOutcome> {
    const oidc = this.config.oidc;
    if (!oidc) return { location: loginWithError('sso_off') };
    try {
      const { user, created, next } = await this.signIn(oidc, query, transactionId, request);
      if (created) {
        await this.audit.record(
          'user.created',
          { actor: user.email, actorId: user.id },
          {
            target: `user:${user.id}`,
            details: { source: 'oidc', role: user.role, teams: user.teams },
            request,
          },
        );
      }
      const session = await this.auth.startSession(user, request, 'oidc');
      return { location: next, session };
    } catch (error) {
      const refusal = error instanceof SsoRefusal ? error : new SsoRefusal(...this.classify(error as Error));
      if (!(error instanceof SsoRefusal)) this.logger.warn(`single sign-on failed: ${refusal.detail}`);
      await this.audit.record('auth.signInFailed', refusal.who ?? { actor: 'unknown (single sign-on)' }, {
        details: { method: 'oidc', reason: refusal.code, detail: refusal.detail },
        request,
      });
      return { location: loginWithError(refusal.code) };
    }
  }

  private async signIn(
    oidc: OidcConfig,
    query: string,
    transactionId: string | undefined,
    request: FastifyRequest,
  ): Promise<{ user: CurrentUser; created: boolean; next: string }> {
    // Taken, not read: a transaction answers one callback, so a replayed callback finds none.
    const stored = transactionId ? await this.redis.getdel(this.transactionKey(transactionId)) : null;
    if (!stored)
      throw new SsoRefusal('sso_expired', 'no sign-in under way in this browser (cookie missing or expired)');
    const transaction = JSON.parse(stored) as Transaction;

    const configuration = await this.provider(oidc);
    // The callback as the provider was told it (the configured URL, whatever Host a proxy passes on).
    const callbackUrl = new URL(oidc.redirectUrl);
    callbackUrl.search = query;
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: transaction.codeVerifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    // Many providers put profile claims (and custom ones like the role) only in userinfo.
    const userInfo = configuration.serverMetadata().userinfo_endpoint
      ? await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub)
      : {};
    const identity = identityFromClaims({ ...idToken, ...userInfo }, oidc);
    return { ...(await this.account(identity, oidc, request)), next: transaction.next };
  }

  /** The Vigil account of this identity: linked, created or refused (oidc-identity.ts decides). */
  private async account(
    identity: OidcIdentity,
    oidc: OidcConfig,
    request: FastifyRequest,
  ): Promise<{ user: CurrentUser; created: boolean }> {
    const bySubject = await this.repository.findOidcUser(identity.subject);
    const byEmail =
      bySubject || !identity.email ? null : await this.repository.findUserByEmail(identity.email);
    const existing = (u: typeof bySubject): ExistingAccount | null =>
      u && {
        id: u.id,
        role: u.role,
        teams: u.teams,
        source: u.source,
        oidcSubject: u.oidcSubject,
        disabled: u.disabledAt !== null,
      };
    const decision = decideAccount(identity, existing(bySubject), existing(byEmail), oidc.defaultRole);
    const found = bySubject ?? byEmail;
    const who = found
      ? { actor: found.email, actorId: found.id }
      : { actor: identity.email ?? `subject ${identity.subject}` };

    switch (decision.kind) {
      case 'refuse':
        throw new SsoRefusal(decision.reason, `refused for subject ${identity.subject}`, who);
      case 'create': {
        const user = await this.repository.createOidcUser({
          email: identity.email!,
          name: identity.name ?? identity.email!,
          role: decision.role,
          teams: decision.teams,
          subject: identity.subject,
        });
        return { user: toCurrentUser(user), created: true };
      }
      case 'update': {
        const before = found!;
        await this.repository.updateOidcUser(decision.userId, decision.changes);
        const { subject, ...changed } = decision.changes;
        if (subject || Object.keys(changed).length) {
          await this.audit.record(
            'user.updated',
            { actor: 'single sign-on' },
            {
              target: `user:${before.id}`,
              details: {
                ...(subject ? { linked: 'oidc' } : {}),
                ...Object.fromEntries(
                  Object.entries(changed).map(([k, to]) => [k, { from: before[k as 'role' | 'teams'], to }]),
                ),
              },
              request,
            },
          );
        }
        return { user: toCurrentUser({ ...before, ...changed }), created: false };
      }
    }
  }

  private classify(error: Error): [SsoError, string] {
    if (error instanceof client.AuthorizationResponseError) {
      return [error.error === 'access_denied' ? 'sso_cancelled' : 'sso_failed', explain(error)];
    }
    // fetch() failing outright: the provider is down or unreachable.
    if (error.name === 'TypeError' && /fetch failed/i.test(error.message))
      return ['sso_unavailable', error.message];
    return ['sso_failed', explain(error)];
  }

  private async provider(oidc: OidcConfig): Promise<client.Configuration> {
    if (this.discovered && this.discovered.until > Date.now()) return this.discovered.configuration;
    const configuration = await client.discovery(
      new URL(oidc.issuer),
      oidc.clientId,
      { redirect_uris: [oidc.redirectUrl], response_types: ['code'] },
      oidc.clientSecret ? client.ClientSecretBasic(oidc.clientSecret) : client.None(),
      {
        timeout: 10,
        // The configuration allows plain http only for a provider on this machine (loopback).
        execute: oidc.issuer.startsWith('http:') ? [client.allowInsecureRequests] : [],
      },
    );
    this.discovered = { configuration, until: Date.now() + DISCOVERY_MS };
    return configuration;
  }

  private transactionKey(transactionId: string): string {
    return `${this.config.queuePrefix}:oidc:${hashToken(transactionId)}`;
  }
}

/**
 * openid-client's messages are generic ("invalid response encountered"); the specific one (which
 * check failed, what the provider said) is in the cause or the provider's error fields.
 */
function explain(error: Error): string {
  const parts = [error.message];
  const oauthError = error as { error?: unknown; error_description?: unknown };
  if (typeof oauthError.error === 'string') {
    parts.push(
      [oauthError.error, oauthError.error_description].filter((p) => typeof p === 'string').join(': '),
    );
  }
  if (error.cause instanceof Error && error.cause.message !== error.message) parts.push(error.cause.message);
  return parts.join(' — ');
}

function toCurrentUser(u: {
  id: string;
  email: string;
  name: string;
  role: CurrentUser['role'];
  teams: string[] | null;
}): CurrentUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role, teams: u.teams };
}
