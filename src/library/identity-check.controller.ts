import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { invalid } from '../common/domain-errors.js';
import { DefectorsRepository } from './defectors.repository.js';
import { IdentityCheckRateLimit } from './identity-check-rate-limit.js';
import { matchesFor, NO_STORE } from './identity-check-redaction.js';
import { IdentityCheckService } from './identity-check.service.js';
import { IdentityCheckDto, IdentityCheckResultDto } from './identity-check.dto.js';

@ApiTags('library')
@Controller('api/library/identity-check')
export class IdentityCheckController {
  constructor(
    private readonly identity: IdentityCheckService,
    private readonly defectors: DefectorsRepository,
    private readonly rateLimit: IdentityCheckRateLimit,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('author', 'editor', 'safety_reviewer', 'legal_reviewer', 'admin')
  @Header('Cache-Control', NO_STORE)
  @ApiOperation({
    summary:
      'Check text (e.g. a post being written) against the identifying details of the defectors it quotes. ' +
      'Answers only where the text names one; which detail and its kind only to safety reviewers and admins. ' +
      'Limited per user and minute (IDENTITY_CHECK_RATE_PER_MINUTE).',
  })
  @ApiOkResponse({ type: IdentityCheckResultDto })
  @ApiTooManyRequestsResponse({
    description: 'Over the per-user limit; retryAfterSeconds says when.',
  })
  async check(
    @CurrentPrincipal() p: Principal,
    @Body() body: IdentityCheckDto,
  ): Promise<IdentityCheckResultDto> {
    const ids = [...new Set(body.defectorIds)];
    await this.rateLimit.take(p, ids.length);
    const found = new Set((await this.defectors.findByIds(ids)).map((d) => d.id));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw invalid(
        missing.map((id) => ({
          field: 'defectorIds',
          rule: 'exists',
          message: `no defector has id ${id}`,
        })),
      );
    }
    return { matches: matchesFor(p.roles, await this.identity.check(body.text, ids)) };
  }
}
