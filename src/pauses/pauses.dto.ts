import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { UpdateOf } from '../common/validation.js';
import { IsCalendarDate } from '../common/validators.js';
import {
  PAUSE_ACTIONS,
  PAUSE_KINDS,
  PAUSE_SCOPES,
  type PauseAction,
  type PauseKind,
  type PauseScope,
} from '../db/schema/workflow.js';
import type { PauseRow } from './pauses.repository.js';
import type { PauseChanges, PauseInput } from './pauses.service.js';

export class CreatePauseDto implements PauseInput {
  @ApiProperty({
    enum: PAUSE_KINDS,
    description: 'pause: from now (or startsAt) until lifted; blackout: a fixed window.',
  })
  @IsIn(PAUSE_KINDS)
  kind!: PauseKind;
  @ApiProperty({ enum: PAUSE_SCOPES }) @IsIn(PAUSE_SCOPES) scope!: PauseScope;
  @ApiPropertyOptional({ format: 'uuid', description: 'Required for campaign scope.' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Required for channel scope.' })
  @IsOptional()
  @IsUUID()
  channelId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now.' })
  @IsOptional()
  @IsCalendarDate('date-time')
  startsAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Required for a blackout.' })
  @IsOptional()
  @IsCalendarDate('date-time')
  endsAt?: string;
  @ApiPropertyOptional({
    enum: PAUSE_ACTIONS,
    default: 'hold',
    description: 'hold: due posts are held for an editor; defer: moved to the window’s end.',
  })
  @IsOptional()
  @IsIn(PAUSE_ACTIONS)
  action?: PauseAction;
  @ApiProperty({ example: 'Breaking news: attack in progress' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;
}

/** What of a pause may change once it exists: its end, its action and why. */
export class UpdatePauseDto
  extends UpdateOf(PickType(CreatePauseDto, ['endsAt', 'action', 'reason'] as const))
  implements PauseChanges {}

export class PauseQuery {
  @ApiPropertyOptional({ description: 'Only pauses and blackouts in force now or later.' })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  current?: boolean;
}

export class PauseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PAUSE_KINDS }) kind!: PauseKind;
  @ApiProperty({ enum: PAUSE_SCOPES }) scope!: PauseScope;
  @ApiProperty({ nullable: true, type: String }) campaignId!: string | null;
  @ApiProperty({ nullable: true, type: String }) channelId!: string | null;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) endsAt!: string | null;
  @ApiProperty({ enum: PAUSE_ACTIONS }) action!: PauseAction;
  @ApiProperty() reason!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) liftedAt!: string | null;

  static from(row: PauseRow): PauseDto {
    return {
      id: row.id,
      kind: row.kind,
      scope: row.scope,
      campaignId: row.campaignId,
      channelId: row.channelId,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt?.toISOString() ?? null,
      action: row.action,
      reason: row.reason,
      liftedAt: row.liftedAt?.toISOString() ?? null,
    };
  }
}
