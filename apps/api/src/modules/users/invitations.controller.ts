import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { newPasswordSchema, type CurrentUser, type InvitationDetails } from '@vigil/contracts';
import type { VigilConfig } from '@vigil/data';
import { CONFIG } from '../../common/tokens.js';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { Public } from '../auth/auth.decorators.js';
import { setSessionCookies } from '../auth/session-cookies.js';
import { InvitationsService } from './invitations.service.js';

class AcceptInvitationDto extends zodDto(z.strictObject({ password: newPasswordSchema })) {}

/**
 * One-time links (invitations and password resets), opened by someone not signed in yet: the
 * link's token is what proves who they are.
 */
@ApiTags('auth')
@Controller('v1/invitations')
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {}

  /** Whom the link is for; 404 for no such link, 410 once used or expired. */
  @Public()
  @Get(':token')
  details(@Param('token') token: string): Promise<InvitationDetails> {
    return this.invitations.details(token);
  }

  /** Set the password, spend the link, and sign in (the same cookies as a sign-in). */
  @Public()
  @Post(':token')
  @HttpCode(200)
  async accept(
    @Param('token') token: string,
    @Body() body: AcceptInvitationDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CurrentUser> {
    const session = await this.invitations.accept(token, body.password, request);
    setSessionCookies(reply, request, this.config, session);
    return session.user;
  }
}
