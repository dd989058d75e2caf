import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.js';
import { DefectorsRepository } from './defectors.repository.js';
import { IdentityCheckService } from './identity-check.service.js';
import { invalid } from '../common/domain-errors.js';
import { IdentityCheckDto, IdentityCheckResultDto } from './identity-check.dto.js';

@ApiTags('library')
@Controller('api/library/identity-check')
export class IdentityCheckController {
  constructor(
    private readonly identity: IdentityCheckService,
    private readonly defectors: DefectorsRepository,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('author', 'editor', 'safety_reviewer', 'legal_reviewer', 'admin')
  @ApiOperation({
    summary:
      'Check text (e.g. a post being written) against the identifying details of the defectors it quotes. ' +
      'Answers only where the text itself names them, never the other details.',
  })
  @ApiOkResponse({ type: IdentityCheckResultDto })
  async check(@Body() body: IdentityCheckDto): Promise<IdentityCheckResultDto> {
    const ids = [...new Set(body.defectorIds)];
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
    return { matches: await this.identity.check(body.text, ids) };
  }
}
