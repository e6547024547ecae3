import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { VigilConfig } from '@vigil/data';
import { RateLimiter } from '../../../common/rate-limiter.service.js';
import { CONFIG } from '../../../common/tokens.js';
import { zodDto } from '../../../common/zod-validation.pipe.js';
import { Public } from '../auth.decorators.js';
import { secureCookies, setSessionCookies } from '../session-cookies.js';
import { OIDC_TRANSACTION_SECONDS, OidcService } from './oidc.service.js';

/** The browser's half of a sign-in under way at the identity provider (see OidcService). */
const TRANSACTION_COOKIE = 'vigil_oidc';

class BeginQuery extends zodDto(z.object({ next: z.string().max(2000).optional() })) {}

/**
 * Single sign-on: browsers navigate here (these answer redirects, not JSON). The callback's query is
 * the provider's authorization response, checked as a whole by openid-client rather than field by field.
 */
@ApiTags('auth')
@Controller('v1/auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly limiter: RateLimiter,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {}

  /** Off to the identity provider; `next` is where to land once signed in (a path of this dashboard). */
  @Public()
  @Get()
  async begin(
    @Query() query: BeginQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.limiter.consume('sso-address', request.ip, this.config.loginRateLimitPerMinute * 5);
    const { location, transactionId } = await this.oidc.begin(query.next);
    if (transactionId) {
      // Lax, not Strict: the browser comes back to the callback from the provider's site.
      void reply.setCookie(TRANSACTION_COOKIE, transactionId, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies(this.config, request),
        maxAge: OIDC_TRANSACTION_SECONDS,
      });
    }
    void reply.redirect(location, 302);
  }

  @Public()
  @Get('callback')
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.limiter.consume('sso-address', request.ip, this.config.loginRateLimitPerMinute * 5);
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const outcome = await this.oidc.complete(query, request.cookies[TRANSACTION_COOKIE], request);
    void reply.clearCookie(TRANSACTION_COOKIE, { path: '/' });
    if (outcome.session) setSessionCookies(reply, request, this.config, outcome.session);
    void reply.redirect(outcome.location, 302);
  }
}
