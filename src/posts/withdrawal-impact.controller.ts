import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.js';
import { notFound } from '../common/domain-errors.js';
import { UuidParam } from '../common/uuid-param.js';
import { DATABASE, type Database } from '../db/database.js';
import { PRIVACY_GUARDIANS, RETRACTORS } from '../library/library-roles.js';
import { DefectorsRepository } from '../library/defectors.repository.js';
import { QuotesRepository } from '../library/quotes.repository.js';
import { PostWithdrawalService } from './post-withdrawal.service.js';
import { WithdrawalImpactDto } from './withdrawal-impact.dto.js';

/**
 * Previews for the confirmations of destructive library actions: the same quotes the action
 * would retract, run through the same rule, counted and left unchanged. Under the library's
 * paths, served here because posts are the layer that knows what withdrawal does to them.
 */
@ApiTags('library')
@Controller('api/library')
export class WithdrawalImpactController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly defectors: DefectorsRepository,
    private readonly quotes: QuotesRepository,
    private readonly withdrawal: PostWithdrawalService,
  ) {}

  @Get('defectors/:id/consent-impact')
  @Roles(...PRIVACY_GUARDIANS)
  @ApiOkResponse({
    type: WithdrawalImpactDto,
    description:
      'What withdrawing this defector’s consent would withdraw and flag; changes nothing.',
  })
  async consentImpact(@UuidParam() id: string): Promise<WithdrawalImpactDto> {
    if (!(await this.defectors.findById(id))) throw notFound('Defector', id);
    const quoteIds = await this.quotes.liveIdsOfDefector(this.db, id);
    return WithdrawalImpactDto.from(quoteIds.length, await this.withdrawal.impactOf(quoteIds));
  }

  @Get('quotes/:id/retraction-impact')
  @Roles(...RETRACTORS)
  @ApiOkResponse({
    type: WithdrawalImpactDto,
    description: 'What retracting this quote would withdraw and flag; changes nothing.',
  })
  async retractionImpact(@UuidParam() id: string): Promise<WithdrawalImpactDto> {
    if (!(await this.quotes.findById(id))) throw notFound('Quote', id);
    return WithdrawalImpactDto.from(1, await this.withdrawal.impactOf([id]));
  }
}
