import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { SignedIn } from '../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal.js';
import { UpdateOwnPreferencesDto } from './users.dto.js';
import { UsersService } from './users.service.js';

/** Every signed-in user sets how their own dates and times are written; /api/auth/me returns it. */
@ApiTags('auth')
@Controller('api/auth/preferences')
export class OwnPreferencesController {
  constructor(private readonly users: UsersService) {}

  @Put()
  @SignedIn()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Saved; the next /api/auth/me answers with them.' })
  async update(
    @CurrentPrincipal() p: Principal,
    @Body() body: UpdateOwnPreferencesDto,
  ): Promise<void> {
    await this.users.setPreferences(actorOf(p), p.userId, {
      locale: body.locale,
      timeZone: body.timeZone ?? null,
    });
  }
}
