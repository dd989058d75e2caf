import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsInteger } from '../common/validators.js';
import { REVIEW_STAGES, ROLES, type ReviewStage, type Role } from '../db/schema/index.js';
import type { ApiTokenRow } from '../auth/api-tokens.repository.js';
import { CAPABILITIES, type Capabilities, capabilitiesOf, reviewStagesOf } from './capabilities.js';

export class LoginDto {
  @ApiProperty({ format: 'email', example: 'admin@demo.countervoice.test' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

/** One boolean per capability, as computed by `capabilitiesOf` (src/access/capabilities.ts). */
export class CapabilitiesDto {}
for (const capability of CAPABILITIES) {
  ApiProperty({ type: Boolean })(CapabilitiesDto.prototype, capability);
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({
    type: CapabilitiesDto,
    description: 'What these roles may do; the server decides every request by the same rules.',
  })
  capabilities!: Capabilities;
  @ApiProperty({
    enum: REVIEW_STAGES,
    isArray: true,
    description: 'The post review stages these roles may approve, request changes at or reject.',
  })
  reviewStages!: ReviewStage[];
  @ApiProperty({
    example: 'en-GB',
    description: 'The BCP 47 locale dates, times and numbers are written in for this user.',
  })
  locale!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Europe/London',
    description: "The IANA time zone times are shown in; null means the browser's own.",
  })
  timeZone!: string | null;
  @ApiProperty({ enum: ['session', 'token'] }) via!: 'session' | 'token';
  @ApiPropertyOptional({
    description:
      'Send it back in the x-csrf-token header on every change made with the session cookie.',
  })
  csrfToken?: string;

  /** The caller as the web UI needs it: who they are and what their roles let them do. */
  static of(
    user: {
      id: string;
      email: string;
      displayName: string;
      roles: Role[];
      locale: string;
      timeZone: string | null;
    },
    via: MeDto['via'],
    csrfToken: string | undefined,
  ): MeDto {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: user.roles,
      locale: user.locale,
      timeZone: user.timeZone,
      capabilities: capabilitiesOf(user.roles),
      reviewStages: reviewStagesOf(user.roles),
      via,
      csrfToken,
    };
  }
}

export class CreateApiTokenDto {
  @ApiProperty({ example: 'reporting export' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 3650,
    description:
      'Days until the token expires; omitted, it lasts the maximum lifetime (API_TOKEN_MAX_DAYS, 90 by default), which it may not exceed.',
  })
  @IsOptional()
  @IsInteger({ min: 1, max: 3650 })
  expiresInDays?: number;
}

export class ApiTokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'First characters of the token, to recognise it.' }) prefix!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;

  static from(row: ApiTokenRow): ApiTokenDto {
    return {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
      expiresAt: row.expiresAt.toISOString(),
      revokedAt: row.revokedAt?.toISOString() ?? null,
    };
  }
}

export class CreatedApiTokenDto extends ApiTokenDto {
  @ApiProperty({
    description: 'The secret, shown this once only. Send it as `Authorization: Bearer <token>`.',
  })
  token!: string;
}
