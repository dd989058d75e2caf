import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles, SignedIn } from '../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, PageQuery, toPage } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.js';
import {
  CampaignDto,
  CampaignPageDto,
  CreateCampaignDto,
  UpdateCampaignDto,
} from './campaigns.dto.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';

@ApiTags('campaigns')
@Controller('api/campaigns')
export class CampaignsController {
  constructor(
    private readonly service: CampaignsService,
    private readonly campaigns: CampaignsRepository,
  ) {}

  @Get()
  @SignedIn()
  @ApiOkResponse({ type: CampaignPageDto })
  async list(@Query() query: PageQuery): Promise<CampaignPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = decodeCursor(query.cursor);
    const rows = await this.campaigns.list({
      before: cursor ? { createdAt: new Date(cursor.key), id: cursor.id } : undefined,
      limit: limit + 1,
    });
    const page = toPage(rows, limit, (r) => ({ key: r.createdAt.toISOString(), id: r.id }));
    return { items: page.items.map(CampaignDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @SignedIn()
  @ApiOkResponse({ type: CampaignDto })
  async get(@UuidParam() id: string): Promise<CampaignDto> {
    return CampaignDto.from(await this.service.get(id));
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: CampaignDto })
  async create(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateCampaignDto,
  ): Promise<CampaignDto> {
    return CampaignDto.from(await this.service.create(actorOf(p), body));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: CampaignDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: UpdateCampaignDto,
  ): Promise<CampaignDto> {
    return CampaignDto.from(await this.service.update(actorOf(p), id, body));
  }
}
