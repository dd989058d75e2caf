import { Body, Controller, HttpCode, Put, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { SignedIn } from '../auth/access.decorators.js';
import { AuthService } from '../auth/auth.service.js';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ChangeOwnPasswordDto } from './users.dto.js';
import { UsersService } from './users.service.js';

/** Every signed-in user changes their own password here; admins reset others' in /api/users. */
@ApiTags('auth')
@Controller('api/auth/password')
export class OwnPasswordController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Put()
  @SignedIn()
  @HttpCode(204)
  @ApiNoContentResponse({
    description:
      'Sets a new password after checking the current one; ends every session of the user (sign in again) and revokes their API tokens.',
  })
  async change(
    @CurrentPrincipal() p: Principal,
    @Body() body: ChangeOwnPasswordDto,
    @Req() req: Request,
  ): Promise<void> {
    await this.auth.confirmPassword(p.email, body.currentPassword, req.ip ?? 'unknown');
    await this.users.setPassword(actorOf(p), p.userId, body.newPassword);
  }
}
