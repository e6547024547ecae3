import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SESSION_COOKIE, type AuthProviders, type CurrentUser } from '@vigil/contracts';
import type { VigilConfig } from '@vigil/data';
import { RateLimiter } from '../../common/rate-limiter.service.js';
import { CONFIG } from '../../common/tokens.js';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { CurrentPrincipal, Public, RequirePermission } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import type { Principal } from './principal.js';
import { clearSessionCookies, setSessionCookies } from './session-cookies.js';

class LoginDto extends zodDto(
  z.strictObject({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) }),
) {}

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly limiter: RateLimiter,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {}

  /** How one may sign in here: the login page offers single sign-on when it is configured. */
  @Public()
  @Get('providers')
  providers(): AuthProviders {
    return this.auth.providers();
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CurrentUser> {
    // Per account, whatever address the attempts come from; and per address, across accounts.
    const limit = this.config.loginRateLimitPerMinute;
    await this.limiter.consume('login-account', body.email.toLowerCase(), limit);
    await this.limiter.consume('login-address', request.ip, limit * 5);
    const session = await this.auth.login(body.email, body.password, request);
    setSessionCookies(reply, request, this.config, session);
    return session.user;
  }

  @Post('logout')
  @HttpCode(204)
  @RequirePermission('overview.read')
  async logout(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(principal, request.cookies[SESSION_COOKIE] ?? '', request);
    clearSessionCookies(reply);
  }

  @Get('me')
  @RequirePermission('overview.read')
  me(@CurrentPrincipal() principal: Principal): CurrentUser {
    if (principal.kind !== 'user') throw new Error('unreachable: ingest keys cannot read the overview');
    return principal.user;
  }
}
