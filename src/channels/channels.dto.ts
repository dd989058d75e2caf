import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { UpdateOf } from '../common/validation.js';
import { IsIanaTimezone, IsInteger } from '../common/validators.js';
import {
  CHANNEL_STATUSES,
  PLATFORMS,
  type ChannelStatus,
  type Platform,
} from '../db/schema/workflow.js';
import type { ChannelRow } from './channels.repository.js';
import type { ChannelChanges, ChannelInput } from './channels.service.js';

export class WeeklySlotDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday, Monday = 1' })
  @IsInteger({ min: 1, max: 7 })
  weekday!: number;
  @ApiProperty({ example: '09:30', description: 'Local time in the channel’s timezone' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'time must be HH:MM (24-hour)' })
  time!: string;
}

export class CreateChannelDto implements ChannelInput {
  @ApiProperty({ enum: PLATFORMS }) @IsIn(PLATFORMS) platform!: Platform;
  @ApiProperty({ example: 'voices_of_return' })
  @Matches(/^@?[A-Za-z0-9_]{1,15}$/, {
    message: 'handle must be 1-15 letters, digits or _ (an X handle)',
  })
  handle!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) displayName?: string;
  @ApiProperty({ example: 'en' })
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, {
    message: 'language must be an ISO 639 code such as en or ar',
  })
  language!: string;
  @ApiProperty({ example: 'Europe/London' }) @IsIanaTimezone() timezone!: string;
  @ApiPropertyOptional({ type: [WeeklySlotDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => WeeklySlotDto)
  weeklySlots?: WeeklySlotDto[];
  @ApiPropertyOptional({ minimum: 0, maximum: 10080, default: 60 })
  @IsOptional()
  @IsInteger({ min: 0, max: 10080 })
  minSpacingMinutes?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 8 })
  @IsOptional()
  @IsInteger({ min: 1, max: 100 })
  dailyCap?: number;
  @ApiPropertyOptional({
    type: Object,
    writeOnly: true,
    description: 'Platform credentials; stored encrypted, never returned.',
  })
  @IsOptional()
  @IsObject()
  credentials?: Record<string, unknown>;
}

/** A channel never changes platform. */
export class UpdateChannelDto
  extends UpdateOf(OmitType(CreateChannelDto, ['platform'] as const))
  implements ChannelChanges
{
  @ApiPropertyOptional({ enum: CHANNEL_STATUSES })
  @IsOptional()
  @IsIn(CHANNEL_STATUSES)
  status?: ChannelStatus;
}

export class SetCredentialsDto {
  @ApiProperty({ type: Object, writeOnly: true }) @IsObject() credentials!: Record<string, unknown>;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  platformAccountId?: string;
}

export class ChannelDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PLATFORMS }) platform!: Platform;
  @ApiProperty() handle!: string;
  @ApiProperty({ nullable: true, type: String }) displayName!: string | null;
  @ApiProperty() language!: string;
  @ApiProperty() timezone!: string;
  @ApiProperty({ type: [WeeklySlotDto] }) weeklySlots!: WeeklySlotDto[];
  @ApiProperty() minSpacingMinutes!: number;
  @ApiProperty() dailyCap!: number;
  @ApiProperty({ enum: CHANNEL_STATUSES }) status!: ChannelStatus;
  @ApiProperty({ description: 'Whether credentials are stored (they are never returned).' })
  hasCredentials!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(row: ChannelRow): ChannelDto {
    return {
      id: row.id,
      platform: row.platform,
      handle: row.handle,
      displayName: row.displayName,
      language: row.language,
      timezone: row.timezone,
      weeklySlots: row.weeklySlots,
      minSpacingMinutes: row.minSpacingMinutes,
      dailyCap: row.dailyCap,
      status: row.status,
      hasCredentials: row.credentials !== null,
      createdAt: row.createdAt.toISOString(),
    };
  }
}
