import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SignedIn } from '../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal.js';
import { notFound } from '../common/domain-errors.js';
import { pageByCreation, PageQuery } from '../common/pagination.js';
import { UuidParam } from '../common/uuid-param.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Inject } from '@nestjs/common';
import {
  MarkedReadDto,
  NotificationDto,
  NotificationPageDto,
  PreferencesDto,
  UnreadCountDto,
  UpdatePreferencesDto,
} from './notifications.dto.js';
import { NotificationPreferencesService } from './notification-preferences.service.js';
import { NotificationsRepository } from './notifications.repository.js';

/** The signed-in user's own notifications and preferences; nobody reads another's. */
@ApiTags('notifications')
@Controller('api/notifications')
export class NotificationsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationsRepository,
    private readonly preferences: NotificationPreferencesService,
  ) {}

  @Get()
  @SignedIn()
  @ApiOkResponse({ type: NotificationPageDto, description: 'Mine, newest first.' })
  list(@CurrentPrincipal() p: Principal, @Query() query: PageQuery): Promise<NotificationPageDto> {
    return pageByCreation(
      query,
      (window) => this.notifications.listFor(p.userId, window),
      NotificationDto.from,
    );
  }

  @Get('unread-count')
  @SignedIn()
  @ApiOkResponse({ type: UnreadCountDto })
  async unread(@CurrentPrincipal() p: Principal): Promise<UnreadCountDto> {
    return { unread: await this.notifications.unreadCount(p.userId) };
  }

  @Post('read-all')
  @SignedIn()
  @HttpCode(200)
  @ApiOkResponse({ type: MarkedReadDto })
  async readAll(@CurrentPrincipal() p: Principal): Promise<MarkedReadDto> {
    return { marked: await this.notifications.markAllRead(p.userId) };
  }

  @Get('preferences')
  @SignedIn()
  @ApiOkResponse({ type: PreferencesDto })
  async getPreferences(@CurrentPrincipal() p: Principal): Promise<PreferencesDto> {
    return {
      items: await this.preferences.of(p.userId),
      emailEnabled: Boolean(this.config.notifications.smtpUrl),
    };
  }

  @Put('preferences')
  @SignedIn()
  @ApiOkResponse({ type: PreferencesDto, description: 'Kinds left out keep their setting.' })
  async setPreferences(
    @CurrentPrincipal() p: Principal,
    @Body() body: UpdatePreferencesDto,
  ): Promise<PreferencesDto> {
    return {
      items: await this.preferences.save(actorOf(p), p.userId, body.items),
      emailEnabled: Boolean(this.config.notifications.smtpUrl),
    };
  }

  @Post(':id/read')
  @SignedIn()
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationDto })
  async read(@CurrentPrincipal() p: Principal, @UuidParam() id: string): Promise<NotificationDto> {
    const row = await this.notifications.markRead(p.userId, id);
    if (!row) throw notFound('Notification', id);
    return NotificationDto.from(row);
  }
}
