import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { UuidParam } from '../common/uuid-param.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Public, SignedIn } from '../auth/access.decorators.js';
import { ApiTokenDto, CreateApiTokenDto, CreatedApiTokenDto, LoginDto, MeDto } from './auth.dto.js';
import { CSRF_COOKIE, SESSION_COOKIE } from '../auth/auth.guard.js';
import { AuthService } from '../auth/auth.service.js';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ login: {} })
  @HttpCode(200)
  @ApiOkResponse({ type: MeDto, description: 'Sets the HttpOnly session cookie.' })
  @ApiTooManyRequestsResponse({
    description:
      'Too many failed sign-ins for this email or address: wait Retry-After seconds. Same answer whether the email exists or not.',
  })
  async login(
    @Body() body: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MeDto> {
    const session = await this.auth.login(body.email, body.password, req.ip ?? 'unknown');
    const cookie = {
      secure: this.config.auth.cookieSecure,
      sameSite: 'lax' as const,
      path: '/',
      expires: session.expiresAt,
    };
    res.cookie(SESSION_COOKIE, session.sessionId, { ...cookie, httpOnly: true });
    // Readable by the web UI so it can echo it in the x-csrf-token header.
    res.cookie(CSRF_COOKIE, session.csrfToken, { ...cookie, httpOnly: false });
    return MeDto.of(session.user, 'session', session.csrfToken);
  }

  @Post('logout')
  @SignedIn()
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.auth.logout(principal);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
  }

  @Get('me')
  @SignedIn()
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() p: Principal): MeDto {
    return MeDto.of({ ...p, id: p.userId }, p.via, p.csrfToken);
  }

  @Get('tokens')
  @SignedIn()
  @ApiOkResponse({ type: [ApiTokenDto] })
  async listTokens(@CurrentPrincipal() p: Principal): Promise<ApiTokenDto[]> {
    return (await this.auth.listTokens(p.userId)).map(ApiTokenDto.from);
  }

  @Post('tokens')
  @SignedIn()
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  async createToken(
    @CurrentPrincipal() p: Principal,
    @Body() body: CreateApiTokenDto,
  ): Promise<CreatedApiTokenDto> {
    const { row, token } = await this.auth.createToken(
      actorOf(p),
      p.userId,
      body.name,
      body.expiresInDays,
    );
    return { ...ApiTokenDto.from(row), token };
  }

  @Delete('tokens/:id')
  @SignedIn()
  @HttpCode(204)
  @ApiNoContentResponse()
  async revokeToken(@CurrentPrincipal() p: Principal, @UuidParam() id: string): Promise<void> {
    await this.auth.revokeToken(p, id);
  }
}
