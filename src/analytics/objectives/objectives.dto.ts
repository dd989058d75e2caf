import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { UpdateOf } from '../../common/validation.js';
import { IsCalendarDate, IsInteger } from '../../common/validators.js';
import {
  OBJECTIVE_CHANGE_KINDS,
  OBJECTIVE_METRICS,
  type ObjectiveChangeKind,
  type ObjectiveMetric,
} from '../../db/schema/evaluation.js';
import {
  OBJECTIVE_STATES,
  type ObjectiveChangeView,
  type ObjectiveEvaluation,
  type ObjectiveInput,
  type ObjectivesOverview,
  type ObjectiveState,
  type ObjectiveTerms,
  type ObjectiveView,
} from './objective-model.js';

const MAX_FIGURE = 1e12;

export class CreateObjectiveDto implements ObjectiveInput {
  @ApiProperty({
    enum: OBJECTIVE_METRICS,
    description:
      'engagements = likes + reposts + replies + quotes + bookmarks; engagement_rate = ' +
      'engagements per 1,000 impressions over posts whose impressions are known.',
  })
  @IsIn(OBJECTIVE_METRICS)
  metric!: ObjectiveMetric;
  @ApiProperty({ example: 10000, minimum: 0 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_FIGURE)
  target!: number;
  @ApiProperty({ format: 'date-time' }) @IsCalendarDate('date-time') windowFrom!: string;
  @ApiProperty({ format: 'date-time' }) @IsCalendarDate('date-time') windowTo!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  channelId?: string | null;
  @ApiPropertyOptional({ example: 'ar', nullable: true, type: String })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, {
    message: 'language must be an ISO 639 code such as en or ar',
  })
  language?: string | null;
  @ApiPropertyOptional({ example: 'infighting', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  themeKey?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'The figure before the campaign.',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_FIGURE)
  baseline?: number | null;
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 10000,
    default: 5,
    description:
      'Fewer posts than this (impression-known posts for impression metrics): insufficient_data.',
  })
  @IsOptional()
  @IsInteger({ min: 1, max: 10000 })
  minSample?: number;
  @ApiPropertyOptional({
    description: 'Why; required once the campaign has started.',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason?: string;
}

export class UpdateObjectiveDto extends UpdateOf(CreateObjectiveDto) {}

export class RemoveObjectiveQuery {
  @ApiPropertyOptional({ description: 'Why; required once the campaign has started.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason?: string;
}

export class ObjectivesQuery {
  @ApiPropertyOptional({ description: 'Also list removed objectives.', enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeRemoved?: 'true' | 'false';
}

export class ObjectiveTermsDto implements ObjectiveTerms {
  @ApiProperty({ enum: OBJECTIVE_METRICS }) metric!: ObjectiveMetric;
  @ApiProperty() target!: number;
  @ApiProperty({ format: 'date-time' }) windowFrom!: string;
  @ApiProperty({ format: 'date-time' }) windowTo!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) channelId!: string | null;
  @ApiProperty({ nullable: true, type: String }) language!: string | null;
  @ApiProperty({ nullable: true, type: String }) themeKey!: string | null;
  @ApiProperty({ nullable: true, type: Number }) baseline!: number | null;
  @ApiProperty() minSample!: number;
}

export class ObjectiveEvaluationDto implements ObjectiveEvaluation {
  @ApiProperty({ enum: OBJECTIVE_STATES }) state!: ObjectiveState;
  @ApiProperty({ nullable: true, type: Number }) actual!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Pro-rata expectation by now.' })
  expected!: number | null;
  @ApiProperty({ description: 'Posts (or days of follower counts) behind the figure.' }) n!: number;
  @ApiProperty({ description: 'Share of the window elapsed (0–1).' }) elapsed!: number;
  @ApiProperty({ example: 'met: 12,400 impressions ≥ target 10,000 over 38 posts' }) rule!: string;
}

export class ChangedByDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class ObjectiveChangeDto {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: OBJECTIVE_CHANGE_KINDS }) kind!: ObjectiveChangeKind;
  @ApiProperty({ type: ObjectiveTermsDto, nullable: true }) before!: ObjectiveTermsDto | null;
  @ApiProperty({ type: ObjectiveTermsDto, nullable: true }) after!: ObjectiveTermsDto | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ description: 'Made after the campaign started.' }) afterStart!: boolean;
  @ApiProperty({ type: ChangedByDto, nullable: true }) changedBy!: ChangedByDto | null;
  @ApiProperty({ format: 'date-time' }) changedAt!: string;

  static from(c: ObjectiveChangeView): ObjectiveChangeDto {
    return { ...c, changedAt: c.changedAt.toISOString() };
  }
}

export class ObjectiveDto extends ObjectiveTermsDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ description: 'Counts only reach or likes.' }) vanity!: boolean;
  @ApiProperty({ type: ObjectiveEvaluationDto }) evaluation!: ObjectiveEvaluationDto;
  @ApiProperty({ type: [ObjectiveChangeDto] }) changes!: ObjectiveChangeDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) removedAt!: string | null;

  static from(o: ObjectiveView): ObjectiveDto {
    return {
      ...o,
      changes: o.changes.map(ObjectiveChangeDto.from),
      createdAt: o.createdAt.toISOString(),
      removedAt: o.removedAt?.toISOString() ?? null,
    };
  }
}

export class ObjectivesOverviewDto {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ description: 'Every objective counts only reach or likes (a warning).' })
  vanityOnly!: boolean;
  @ApiProperty({ format: 'date-time' }) evaluatedAt!: string;
  @ApiProperty({ description: 'Some figures include synthetic (sandbox) metrics.' })
  synthetic!: boolean;
  @ApiProperty({ type: [ObjectiveDto] }) objectives!: ObjectiveDto[];

  static from(o: ObjectivesOverview): ObjectivesOverviewDto {
    return {
      ...o,
      evaluatedAt: o.evaluatedAt.toISOString(),
      objectives: o.objectives.map(ObjectiveDto.from),
    };
  }
}
