import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../common/pagination.js';

export class RetractPublishedDto {
  @ApiProperty({ example: 'The quote was retracted by its source.' })
  @IsString()
  @MinLength(3)
  @MaxLength(1000)
  reason!: string;
}

export class RescheduleHeldDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only held posts of this campaign.' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Only held posts of this channel.' })
  @IsOptional()
  @IsUUID()
  channelId?: string;
}

export class RescheduledDto {
  @ApiProperty({ format: 'uuid' }) postId!: string;
  @ApiProperty({ format: 'date-time' }) scheduledAt!: string;
}

export class NotRescheduledDto {
  @ApiProperty({ format: 'uuid' }) postId!: string;
  @ApiProperty() detail!: string;
}

export class RescheduleHeldResultDto {
  @ApiProperty({ type: [RescheduledDto] }) rescheduled!: RescheduledDto[];
  @ApiProperty({ type: [NotRescheduledDto] }) notRescheduled!: NotRescheduledDto[];
}

export class SandboxFeedQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() channelId?: string;
}

export class SandboxPostDto {
  @ApiProperty() id!: number;
  @ApiProperty({ format: 'uuid' }) channelId!: string;
  @ApiProperty() externalId!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ nullable: true, type: String }) inReplyTo!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() deleted!: boolean;
}

export class SandboxFeedDto {
  @ApiProperty({ type: [SandboxPostDto] }) items!: SandboxPostDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
