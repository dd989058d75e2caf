import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsInteger } from '../common/validators.js';
import { ROLES, type Role } from '../db/schema/index.js';
import type { ApiTokenRow } from './api-tokens.repository.js';

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

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ enum: ['session', 'token'] }) via!: 'session' | 'token';
  @ApiPropertyOptional({
    description:
      'Send it back in the x-csrf-token header on every change made with the session cookie.',
  })
  csrfToken?: string;
}

export class CreateApiTokenDto {
  @ApiProperty({ example: 'reporting export' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 365,
    description: 'Omit for a token that lasts until revoked.',
  })
  @IsOptional()
  @IsInteger({ min: 1, max: 365 })
  expiresInDays?: number;
}

export class ApiTokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'First characters of the token, to recognise it.' }) prefix!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;

  static from(row: ApiTokenRow): ApiTokenDto {
    return {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
      expiresAt: row.expiresAt?.toISOString() ?? null,
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
