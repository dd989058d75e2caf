import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { IsCalendarDate } from '../common/validators.js';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(128)
  entityId?: string;

  @ApiPropertyOptional({ example: 'user.created' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsCalendarDate('date-time')
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsCalendarDate('date-time')
  to?: string;
}

export class AuditEventDto {
  @ApiProperty() id!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId!: string | null;
  @ApiProperty() actorLabel!: string;
  @ApiProperty() action!: string;
  @ApiProperty({ example: 'Post approved at a review stage' }) actionLabel!: string;
  @ApiProperty() entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ nullable: true, type: Object }) before!: unknown;
  @ApiProperty({ nullable: true, type: Object }) after!: unknown;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class AuditActionDto {
  @ApiProperty({ example: 'post.review.approve' }) action!: string;
  @ApiProperty({ example: 'Post approved at a review stage' }) label!: string;
}

export class AuditActionListDto {
  @ApiProperty({ type: [AuditActionDto] }) items!: AuditActionDto[];
}
