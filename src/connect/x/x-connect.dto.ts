import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { XOAuth1Callback, XOAuth2Callback } from './x-connect.service.js';

export class XAuthorizeLinkDto {
  @ApiProperty({
    format: 'uri',
    description:
      'Open this in the browser of someone signed in to X as the channel’s account; X sends them back to the callback, which stores the credentials and redirects to /settings/channels.',
  })
  authorizeUrl!: string;
}

/** What X appends to the OAuth 2.0 redirect: state and code, or an error when consent was refused. */
export class XOAuth2CallbackQuery implements XOAuth2Callback {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) state?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) code?: string;
  @ApiPropertyOptional({ example: 'access_denied' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  error?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) error_description?: string;
}

/** What X appends to the OAuth 1.0a redirect: token and verifier, or `denied` when refused. */
export class XOAuth1CallbackQuery implements XOAuth1Callback {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) oauth_token?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) oauth_verifier?: string;
  @ApiPropertyOptional({ description: 'The request token, when the person declined.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  denied?: string;
}
