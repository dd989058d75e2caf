import { UuidParam } from '../common/uuid-param.js';
import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal.js';
import { pageByCreation, PageQuery } from '../common/pagination.js';
import {
  CreateUserDto,
  SetPasswordDto,
  SetRolesDto,
  UpdateUserStatusDto,
  UserDto,
  UserPageDto,
} from './users.dto.js';
import { UsersRepository } from '../auth/users.repository.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/users')
@Roles('admin')
export class UsersController {
  constructor(
    private readonly service: UsersService,
    private readonly users: UsersRepository,
  ) {}

  @Get()
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() query: PageQuery): Promise<UserPageDto> {
    return pageByCreation(
      query,
      (window) =>
        this.users.list({
          ...window,
        }),
      UserDto.from,
    );
  }

  @Post()
  @ApiCreatedResponse({ type: UserDto })
  async create(@CurrentPrincipal() p: Principal, @Body() body: CreateUserDto): Promise<UserDto> {
    return UserDto.from(await this.service.create(actorOf(p), body));
  }

  @Put(':id/roles')
  @ApiOkResponse({ type: UserDto })
  async setRoles(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: SetRolesDto,
  ): Promise<UserDto> {
    return UserDto.from(await this.service.setRoles(actorOf(p), id, body.roles));
  }

  @Put(':id/password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Sets a new password and ends the user’s sessions.' })
  async setPassword(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: SetPasswordDto,
  ): Promise<void> {
    await this.service.setPassword(actorOf(p), id, body.password);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: UserDto })
  async disable(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: UpdateUserStatusDto,
  ): Promise<UserDto> {
    return UserDto.from(await this.service.setDisabled(actorOf(p), id, true, body.reason));
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: UserDto })
  async enable(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
    @Body() body: UpdateUserStatusDto,
  ): Promise<UserDto> {
    return UserDto.from(await this.service.setDisabled(actorOf(p), id, false, body.reason));
  }
}
