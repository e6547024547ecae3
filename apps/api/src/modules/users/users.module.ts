import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AccountController } from './account.controller.js';
import { AccountService } from './account.service.js';
import { InvitationsController } from './invitations.controller.js';
import { InvitationsService } from './invitations.service.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/** Users as admins manage them, invitation links, and each user's own account (password, sessions). */
@Module({
  imports: [AuthModule],
  controllers: [UsersController, InvitationsController, AccountController],
  providers: [UsersService, InvitationsService, AccountService],
})
export class UsersModule {}
