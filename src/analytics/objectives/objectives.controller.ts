import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../auth/principal.js';
import { UuidParam } from '../../common/uuid-param.js';
import { ANALYTICS_READERS, EVALUATION_EDITORS } from '../analytics-roles.js';
import {
  CreateObjectiveDto,
  ObjectiveDto,
  ObjectivesOverviewDto,
  ObjectivesQuery,
  RemoveObjectiveQuery,
  UpdateObjectiveDto,
} from './objectives.dto.js';
import { ObjectivesService } from './objectives.service.js';

@ApiTags('analytics')
@Controller('api/analytics')
export class ObjectivesController {
  constructor(private readonly service: ObjectivesService) {}

  @Get('campaigns/:id/objectives')
  @Roles(...ANALYTICS_READERS)
  @ApiOkResponse({ type: ObjectivesOverviewDto })
  async list(
    @UuidParam() id: string,
    @Query() query: ObjectivesQuery,
  ): Promise<ObjectivesOverviewDto> {
    return ObjectivesOverviewDto.from(
      await this.service.overview(id, { includeRemoved: query.includeRemoved === 'true' }),
    );
  }

  @Post('campaigns/:id/objectives')
  @Roles(...EVALUATION_EDITORS)
  @ApiCreatedResponse({ type: ObjectiveDto })
  async create(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: CreateObjectiveDto,
  ): Promise<ObjectiveDto> {
    return ObjectiveDto.from(await this.service.create(actorOf(p), id, body));
  }

  @Patch('objectives/:id')
  @Roles(...EVALUATION_EDITORS)
  @ApiOkResponse({ type: ObjectiveDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: UpdateObjectiveDto,
  ): Promise<ObjectiveDto> {
    return ObjectiveDto.from(await this.service.update(actorOf(p), id, body));
  }

  @Delete('objectives/:id')
  @Roles(...EVALUATION_EDITORS)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed; it stays listed with includeRemoved=true.' })
  async remove(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Query() query: RemoveObjectiveQuery,
  ): Promise<void> {
    await this.service.remove(actorOf(p), id, query.reason);
  }
}
