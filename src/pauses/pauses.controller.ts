import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles, SignedIn } from '../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal.js';
import { UuidParam } from '../common/uuid-param.js';
import { CreatePauseDto, PauseDto, PauseQuery, UpdatePauseDto } from './pauses.dto.js';
import { PausesRepository } from './pauses.repository.js';
import { PausesService } from './pauses.service.js';

@ApiTags('pauses')
@Controller('api/pauses')
export class PausesController {
  constructor(
    private readonly service: PausesService,
    private readonly pauses: PausesRepository,
  ) {}

  @Get()
  @SignedIn()
  @ApiOkResponse({ type: [PauseDto] })
  async list(@Query() query: PauseQuery): Promise<PauseDto[]> {
    const rows = query.current ? await this.pauses.current(new Date()) : await this.pauses.list();
    return rows.map(PauseDto.from);
  }

  @Post()
  @Roles('editor', 'admin')
  @ApiCreatedResponse({ type: PauseDto })
  async create(@CurrentPrincipal() p: Principal, @Body() body: CreatePauseDto): Promise<PauseDto> {
    return PauseDto.from(await this.service.create(actorOf(p), body));
  }

  @Patch(':id')
  @Roles('editor', 'admin')
  @ApiOkResponse({ type: PauseDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: UpdatePauseDto,
  ): Promise<PauseDto> {
    return PauseDto.from(await this.service.update(actorOf(p), id, body));
  }

  @Delete(':id')
  @Roles('editor', 'admin')
  @ApiOkResponse({
    type: PauseDto,
    description: 'Lifts the pause or blackout; it stays in the record.',
  })
  async lift(@CurrentPrincipal() p: Principal, @UuidParam() id: string): Promise<PauseDto> {
    return PauseDto.from(await this.service.lift(actorOf(p), id));
  }
}
