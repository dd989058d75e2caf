import { Controller, Get, HttpCode, Post, Query, Redirect } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '../../auth/access.decorators.js';
import { actorOf, CurrentPrincipal, type Principal } from '../../auth/principal.js';
import { UuidParam } from '../../common/uuid-param.js';
import { XAuthorizeLinkDto, XOAuth1CallbackQuery, XOAuth2CallbackQuery } from './x-connect.dto.js';
import { type ConnectOutcome, XConnectService } from './x-connect.service.js';

/** The web UI's channel settings, where the browser lands after X's consent page. */
export const CHANNEL_SETTINGS_PAGE = '/settings/channels';

/**
 * `?connected=<id>` on success; otherwise `?connectFailed=<id>&reason=<code>&detail=<text>`
 * (the id is empty when the handshake had expired).
 */
export function settingsPageFor(outcome: ConnectOutcome): string {
  const query = outcome.connected
    ? new URLSearchParams({ connected: outcome.channelId })
    : new URLSearchParams({
        connectFailed: outcome.channelId ?? '',
        reason: outcome.reason,
        detail: outcome.detail,
      });
  return `${CHANNEL_SETTINGS_PAGE}?${query.toString()}`;
}

const CALLBACK_DESCRIPTION =
  'X redirects the browser here after consent. Redirects to /settings/channels?connected=<id>, or ' +
  'to /settings/channels?connectFailed=<id>&reason=expired|denied|handle_mismatch|x_refused&detail=<text>.';

@ApiTags('channels')
@Controller('api/channels')
export class XConnectController {
  constructor(private readonly connect: XConnectService) {}

  @Post(':id/connect/x/oauth2')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({
    type: XAuthorizeLinkDto,
    description: 'Starts OAuth 2.0 with PKCE; the link is valid for 10 minutes.',
  })
  startOAuth2(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
  ): Promise<XAuthorizeLinkDto> {
    return this.connect.startOAuth2(actorOf(p), id);
  }

  @Get('connect/x/oauth2/callback')
  @Public()
  @Redirect(CHANNEL_SETTINGS_PAGE, 303)
  @ApiResponse({ status: 303, description: CALLBACK_DESCRIPTION })
  async finishOAuth2(@Query() query: XOAuth2CallbackQuery): Promise<{ url: string }> {
    return { url: settingsPageFor(await this.connect.finishOAuth2(query)) };
  }

  @Post(':id/connect/x/oauth1')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({
    type: XAuthorizeLinkDto,
    description: 'Starts OAuth 1.0a three-legged sign-in; valid for 10 minutes.',
  })
  startOAuth1(
    @CurrentPrincipal() p: Principal,
    @UuidParam() id: string,
  ): Promise<XAuthorizeLinkDto> {
    return this.connect.startOAuth1(actorOf(p), id);
  }

  @Get('connect/x/oauth1/callback')
  @Public()
  @Redirect(CHANNEL_SETTINGS_PAGE, 303)
  @ApiResponse({ status: 303, description: CALLBACK_DESCRIPTION })
  async finishOAuth1(@Query() query: XOAuth1CallbackQuery): Promise<{ url: string }> {
    return { url: settingsPageFor(await this.connect.finishOAuth1(query)) };
  }
}
