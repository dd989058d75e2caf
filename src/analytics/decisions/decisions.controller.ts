import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../auth/principal.js';
import { UuidParam } from '../../common/uuid-param.js';
import { ANALYTICS_READERS, EVALUATION_EDITORS } from '../analytics-roles.js';
import {
  CreateDecisionDto,
  DecisionDto,
  DecisionListDto,
  DecisionsQuery,
} from './decisions.dto.js';
import { decisionFilterOf } from './decision-model.js';
import { DecisionsService } from './decisions.service.js';

/** The decision log: appended to, never edited. */
@ApiTags('analytics')
@Controller('api/analytics')
export class DecisionsController {
  constructor(private readonly service: DecisionsService) {}

  @Get('decisions')
  @Roles(...ANALYTICS_READERS)
  @ApiOkResponse({ type: DecisionListDto })
  async list(@Query() query: DecisionsQuery): Promise<DecisionListDto> {
    return { items: (await this.service.list(decisionFilterOf(query))).map(DecisionDto.from) };
  }

  @Post('campaigns/:id/decisions')
  @Roles(...EVALUATION_EDITORS)
  @ApiCreatedResponse({ type: DecisionDto })
  async record(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: CreateDecisionDto,
  ): Promise<DecisionDto> {
    return DecisionDto.from(await this.service.record(actorOf(p), id, body));
  }
}
