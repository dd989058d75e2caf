import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate, IsIanaTimezone } from '../common/validators.js';

export class SlotsQuery {
  @ApiProperty({ format: 'date-time', description: 'Start of the period (inclusive).' })
  @IsCalendarDate('date-time')
  from!: string;
  @ApiProperty({ format: 'date-time', description: 'End of the period (exclusive), ≤ 62 days on.' })
  @IsCalendarDate('date-time')
  to!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'One channel; all enabled ones if absent.' })
  @IsOptional()
  @IsUUID()
  channelId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Count this campaign’s blackouts too, as scheduling one of its posts would.',
  })
  @IsOptional()
  @IsUUID()
  campaignId?: string;
}

export class ChannelSlotsDto {
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty({
    type: [String],
    format: 'date-time',
    description:
      'Weekly slots still free (spacing, daily cap, blackouts); the first is the next free slot.',
  })
  slots!: string[];
}

export class OpenDaysQuery extends SlotsQuery {
  @ApiProperty({
    example: 'Europe/London',
    description: 'The time zone whose calendar dates the slots are counted by: the viewer’s.',
  })
  @IsIanaTimezone()
  timezone!: string;
}

export class OpenDayDto {
  @ApiProperty({ format: 'date', example: '2026-12-07' }) date!: string;
  @ApiProperty({ description: 'Open slots on that date, over the channels asked for.' })
  open!: number;
}

export class OpenDaysDto {
  @ApiProperty({
    type: [OpenDayDto],
    description: 'Dates with at least one open slot, ascending.',
  })
  days!: OpenDayDto[];
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The first open slot of the period, over the channels asked for.',
  })
  nextOpenAt!: string | null;
}
