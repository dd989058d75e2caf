import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SignedIn } from '../auth/access.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { VERIFICATION_ORDER } from '../library/usability.js';
import { RulesDto } from './rules.dto.js';

@ApiTags('settings')
@Controller('api/settings/rules')
export class RulesController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @SignedIn()
  @ApiOkResponse({ type: RulesDto })
  rules(): RulesDto {
    return {
      verificationOrder: [...VERIFICATION_ORDER],
      overdueAlertSeconds: this.config.publishing.overdueAlertMs / 1000,
    };
  }
}
