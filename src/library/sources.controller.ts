import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal.js';
import { pageByCreation } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.js';
import { LIBRARY_CONTRIBUTORS, LIBRARY_READERS } from './library-roles.js';
import { notFound } from '../common/domain-errors.js';
import {
  CreateSourceDto,
  SourceDto,
  SourcePageDto,
  SourceQuery,
  UpdateSourceDto,
} from './sources.dto.js';
import { SourcesRepository } from './sources.repository.js';
import { SourcesService } from './sources.service.js';

@ApiTags('library')
@Controller('api/library/sources')
export class SourcesController {
  constructor(
    private readonly service: SourcesService,
    private readonly sources: SourcesRepository,
  ) {}

  @Get()
  @Roles(...LIBRARY_READERS)
  @ApiOkResponse({ type: SourcePageDto })
  async list(@Query() query: SourceQuery): Promise<SourcePageDto> {
    return pageByCreation(
      query,
      (window) =>
        this.sources.list({
          text: query.text,
          ...window,
        }),
      (r) => SourceDto.from(r),
    );
  }

  @Post()
  @Roles(...LIBRARY_CONTRIBUTORS)
  @ApiCreatedResponse({ type: SourceDto })
  async create(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateSourceDto,
  ): Promise<SourceDto> {
    return SourceDto.from(await this.service.create(actorOf(p), body));
  }

  @Get(':id')
  @Roles(...LIBRARY_READERS)
  @ApiOkResponse({ type: SourceDto })
  async get(@UuidParam() id: string): Promise<SourceDto> {
    const row = await this.sources.findById(id);
    if (!row) throw notFound('Source', id);
    return SourceDto.from(row);
  }

  @Patch(':id')
  @Roles(...LIBRARY_CONTRIBUTORS)
  @ApiOkResponse({ type: SourceDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: UpdateSourceDto,
  ): Promise<SourceDto> {
    return SourceDto.from(await this.service.update(actorOf(p), id, body));
  }
}
