import { Body, Controller, Get, Patch, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles, SignedIn } from '../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal.js';
import { UuidParam } from '../common/uuid-param.js';
import {
  ChannelDto,
  CreateChannelDto,
  SetCredentialsDto,
  UpdateChannelDto,
} from './channels.dto.js';
import { ChannelsRepository } from './channels.repository.js';
import { ChannelsService } from './channels.service.js';

@ApiTags('channels')
@Controller('api/channels')
export class ChannelsController {
  constructor(
    private readonly service: ChannelsService,
    private readonly channels: ChannelsRepository,
  ) {}

  @Get()
  @SignedIn()
  @ApiOkResponse({ type: [ChannelDto] })
  async list(): Promise<ChannelDto[]> {
    return (await this.channels.list()).map(ChannelDto.from);
  }

  @Get(':id')
  @SignedIn()
  @ApiOkResponse({ type: ChannelDto })
  async get(@UuidParam() id: string): Promise<ChannelDto> {
    return ChannelDto.from(await this.service.get(id));
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: ChannelDto })
  async create(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateChannelDto,
  ): Promise<ChannelDto> {
    return ChannelDto.from(await this.service.create(actorOf(p), body));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOkResponse({ type: ChannelDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: UpdateChannelDto,
  ): Promise<ChannelDto> {
    return ChannelDto.from(await this.service.update(actorOf(p), id, body));
  }

  @Put(':id/credentials')
  @Roles('admin')
  @ApiOkResponse({
    type: ChannelDto,
    description: 'Write-only: the credentials are stored encrypted and never returned.',
  })
  async setCredentials(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: SetCredentialsDto,
  ): Promise<ChannelDto> {
    return ChannelDto.from(
      await this.service.setCredentials(actorOf(p), id, body.credentials, body.platformAccountId),
    );
  }
}
