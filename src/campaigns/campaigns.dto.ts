import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  Max,
  Min,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { UpdateOf } from '../common/validation.js';
import { IsCalendarDate, IsIanaTimezone } from '../common/validators.js';
import { VERIFICATION_LEVELS, type Verification } from '../db/schema/library.js';
import { CAMPAIGN_STATUSES, type CampaignStatus, type ReviewStage } from '../db/schema/workflow.js';
import type { CampaignRow } from './campaigns.repository.js';
import type { CampaignChanges, CampaignInput } from './campaigns.service.js';

const EXTRA_STAGES = ['safety', 'legal'] as const;
/** A year: metrics read later than that say nothing about the campaign. */
const MAX_CHECKPOINT_HOURS = 8_760;
const DEFAULT_CHECKPOINTS_TEXT = 'the default set, +1 h, +6 h, +24 h, +3 d, +7 d and +30 d';

export class CreateCampaignDto implements CampaignInput {
  @ApiProperty({ example: 'Voices of return — spring' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) goal!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) audience!: string;
  @ApiProperty({ example: 'en', description: 'ISO 639-1 code' })
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, {
    message: 'language must be an ISO 639 code such as en or ar',
  })
  language!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) callToAction?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) evaluationPlan?: string;
  @ApiProperty({ example: 'Europe/London' }) @IsIanaTimezone() timezone!: string;
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsCalendarDate('date-time')
  startsAt?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsCalendarDate('date-time')
  endsAt?: string;
  @ApiPropertyOptional({
    enum: EXTRA_STAGES,
    isArray: true,
    description: 'Review stages required besides editorial.',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(EXTRA_STAGES, { each: true })
  extraStages?: ReviewStage[];
  @ApiPropertyOptional({ enum: VERIFICATION_LEVELS, default: 'single_source' })
  @IsOptional()
  @IsIn(['unverified', 'single_source', 'corroborated'])
  minimumVerification?: Verification;
  @ApiPropertyOptional({
    type: [Number],
    nullable: true,
    example: [1, 6, 24, 72, 168, 720],
    description: `Hours after publishing at which each post's metrics are read (1 to ${MAX_CHECKPOINT_HOURS}); null or absent: ${DEFAULT_CHECKPOINTS_TEXT}.`,
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(MAX_CHECKPOINT_HOURS, { each: true })
  metricCheckpoints?: number[] | null;
}

export class UpdateCampaignDto extends UpdateOf(CreateCampaignDto) implements CampaignChanges {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES })
  @IsOptional()
  @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;
}

export class CampaignDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() goal!: string;
  @ApiProperty() audience!: string;
  @ApiProperty() language!: string;
  @ApiProperty({ nullable: true, type: String }) callToAction!: string | null;
  @ApiProperty({ nullable: true, type: String }) evaluationPlan!: string | null;
  @ApiProperty() timezone!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startsAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) endsAt!: string | null;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status!: CampaignStatus;
  @ApiProperty({
    enum: ['editorial', 'safety', 'legal'],
    isArray: true,
    description: 'Always starts with editorial.',
  })
  requiredStages!: ReviewStage[];
  @ApiProperty({ enum: VERIFICATION_LEVELS }) minimumVerification!: Verification;
  @ApiProperty({
    type: [Number],
    nullable: true,
    description: `Hours after publishing at which metrics are read; null: ${DEFAULT_CHECKPOINTS_TEXT}.`,
  })
  metricCheckpoints!: number[] | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(row: CampaignRow): CampaignDto {
    return {
      id: row.id,
      name: row.name,
      goal: row.goal,
      audience: row.audience,
      language: row.language,
      callToAction: row.callToAction,
      evaluationPlan: row.evaluationPlan,
      timezone: row.timezone,
      startsAt: row.startsAt?.toISOString() ?? null,
      endsAt: row.endsAt?.toISOString() ?? null,
      status: row.status,
      requiredStages: ['editorial', ...row.extraStages.filter((s) => s !== 'editorial')],
      minimumVerification: row.minimumVerification,
      metricCheckpoints: row.metricCheckpoints,
      createdAt: row.createdAt.toISOString(),
    };
  }
}

export class CampaignPageDto {
  @ApiProperty({ type: [CampaignDto] }) items!: CampaignDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
