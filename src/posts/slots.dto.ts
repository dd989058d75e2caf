import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate } from '../common/validators.js';

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
