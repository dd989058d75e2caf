import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal.js';
import { LIBRARY_READERS } from './library-roles.js';
import { CreateThemeDto, ThemeDto, ThemeListDto, UpdateThemeDto } from './themes.dto.js';
import { ThemesRepository } from './themes.repository.js';
import { ThemesService } from './themes.service.js';

@ApiTags('library')
@Controller('api/library/themes')
export class ThemesController {
  constructor(
    private readonly service: ThemesService,
    private readonly themes: ThemesRepository,
  ) {}

  @Get()
  @Roles(...LIBRARY_READERS)
  @ApiOkResponse({ type: ThemeListDto })
  async list(): Promise<ThemeListDto> {
    return { items: (await this.themes.list()).map((r) => ThemeDto.from(r)) };
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: ThemeDto })
  async create(@CurrentPrincipal() p: Principal, @Body() body: CreateThemeDto): Promise<ThemeDto> {
    return ThemeDto.from(await this.service.create(actorOf(p), body));
  }

  @Patch(':key')
  @Roles('admin')
  @ApiOkResponse({ type: ThemeDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('key') key: string,
    @Body() body: UpdateThemeDto,
  ): Promise<ThemeDto> {
    return ThemeDto.from(await this.service.update(actorOf(p), key, body));
  }
}
