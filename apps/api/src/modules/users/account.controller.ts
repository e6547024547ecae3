import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { newPasswordSchema, type SessionSummary } from '@vigil/contracts';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { clearSessionCookies } from '../auth/session-cookies.js';
import { AccountService } from './account.service.js';

class PasswordChangeDto extends zodDto(
  z.strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: newPasswordSchema }),
) {}

/**
 * One's own account, for everyone signed in (every role may read the overview, so that permission
 * stands for "signed in"): the password, and the sessions — where one is signed in, and ending them.
 */
@ApiTags('auth')
@Controller('v1/auth')
export class AccountController {
  constructor(private readonly account: AccountService) {}

  /** Every other session ends; this one stays signed in. */
  @Post('password')
  @HttpCode(204)
  @RequirePermission('overview.read')
  changePassword(
    @Body() body: PasswordChangeDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    return this.account.changePassword(principal, body, request);
  }

  @Get('sessions')
  @RequirePermission('overview.read')
  sessions(@CurrentPrincipal() principal: Principal): Promise<SessionSummary[]> {
    return this.account.list(principal);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @RequirePermission('overview.read')
  async endSession(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const { current } = await this.account.end(principal, id, request);
    if (current) clearSessionCookies(reply);
  }

  /** "Sign out everywhere", here too. */
  @Post('sessions/end-all')
  @HttpCode(204)
  @RequirePermission('overview.read')
  async endAll(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.account.endAll(principal, request);
    clearSessionCookies(reply);
  }
}
