import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsCalendarDate } from '../../common/validators.js';
import type { DecisionInput, DecisionView } from './decision-model.js';

export class CreateDecisionDto implements DecisionInput {
  @ApiProperty({ format: 'date-time', description: 'When the adjustment took effect.' })
  @IsCalendarDate('date-time')
  at!: string;
  @ApiProperty({ example: 'Paused the dull_duties theme', maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  what!: string;
  @ApiProperty({
    example: 'Lowest engagement per 1,000 impressions for four weeks',
    maxLength: 4000,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  why!: string;
}

export class DecisionsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() campaignId?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsCalendarDate('date-time')
  from?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsCalendarDate('date-time')
  to?: string;
}

/** A decision log entry; who recorded it stays in the audit log, not in reports. */
export class DecisionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() what!: string;
  @ApiProperty() why!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;

  static from(d: DecisionView): DecisionDto {
    return { ...d, at: d.at.toISOString(), recordedAt: d.recordedAt.toISOString() };
  }
}

export class DecisionListDto {
  @ApiProperty({ type: [DecisionDto] }) items!: DecisionDto[];
}
