import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  USER_ROLES,
  newPasswordSchema,
  type InvitationLink,
  type UserCreated,
  type UserSummary,
} from '@vigil/contracts';
import { zodDto } from '../../common/zod-validation.pipe.js';
import { CurrentPrincipal, RequirePermission } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { UsersService } from './users.service.js';

/** A list of team names (repeats dropped), or null for every team. */
const teams = z
  .array(z.string().trim().min(1).max(200))
  .min(1, 'needs at least one team (or null for every team)')
  .max(100)
  .transform((list) => [...new Set(list)])
  .nullable();

const name = z.string().trim().min(1).max(200);

class NewUserDto extends zodDto(
  z.strictObject({
    email: z.email().max(320),
    name,
    role: z.enum(USER_ROLES),
    teams: teams.optional(),
    /** Without one, the answer carries a one-time invitation link instead. */
    password: newPasswordSchema.optional(),
  }),
) {}

class UserChangeDto extends zodDto(
  z
    .strictObject({
      role: z.enum(USER_ROLES).optional(),
      teams: teams.optional(),
      active: z.boolean().optional(),
      name: name.optional(),
    })
    .refine((c) => Object.values(c).some((v) => v !== undefined), {
      message: 'name at least one of role, teams, active and name',
    }),
) {}

/** Users, roles and teams: admins only (settings.users). */
@ApiTags('users')
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission('settings.users')
  list(): Promise<UserSummary[]> {
    return this.users.list();
  }

  /** With a password, or without: then the answer carries a one-time invitation link, shown only this once. */
  @Post()
  @RequirePermission('settings.users')
  create(
    @Body() body: NewUserDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<UserCreated> {
    return this.users.create(principal, body, request);
  }

  @Patch(':id')
  @RequirePermission('settings.users')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UserChangeDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<UserSummary> {
    return this.users.update(principal, id, body, request);
  }

  /** The password goes, the user's sessions end, and a new one-time link is answered (shown once). */
  @Post(':id/password-reset')
  @HttpCode(200)
  @RequirePermission('settings.users')
  resetPassword(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<InvitationLink> {
    return this.users.resetPassword(principal, id, request);
  }
}
