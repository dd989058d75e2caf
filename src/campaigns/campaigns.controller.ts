import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles, SignedIn } from '../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal.js';
import { pageByCreation, PageQuery } from '../common/pagination.js';
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
    return pageByCreation(
      query,
      (window) =>
        this.campaigns.list({
          ...window,
        }),
      CampaignDto.from,
    );
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
