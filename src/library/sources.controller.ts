import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.js';
import { LIBRARY_CONTRIBUTORS, LIBRARY_READERS } from './library-roles.js';
import { notFound } from './library-problems.js';
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
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = decodeCursor(query.cursor);
    const rows = await this.sources.list({
      text: query.text,
      before: cursor ? { createdAt: new Date(cursor.key), id: cursor.id } : undefined,
      limit: limit + 1,
    });
    const page = toPage(rows, limit, (r) => ({ key: r.createdAt.toISOString(), id: r.id }));
    return { items: page.items.map((r) => SourceDto.from(r)), nextCursor: page.nextCursor };
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
