import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, IsUUID, MaxLength } from 'class-validator';
import { IDENTIFYING_DETAIL_KINDS, type IdentifyingDetailKind } from '../db/schema/index.js';

export class IdentityCheckDto {
  @ApiProperty({ description: 'The text to check, e.g. a post being written.' })
  @IsString()
  @MaxLength(20000)
  text!: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'The defectors the text quotes.' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  defectorIds!: string[];
}

const SAFETY_ONLY = 'Safety reviewers and admins only: which detail matched is itself private.';

export class IdentityMatchDto {
  @ApiPropertyOptional({ format: 'uuid', description: SAFETY_ONLY }) defectorId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: SAFETY_ONLY }) detailId?: string;
  @ApiPropertyOptional({ enum: IDENTIFYING_DETAIL_KINDS, description: SAFETY_ONLY })
  kind?: IdentifyingDetailKind;
  @ApiProperty({ description: 'The words as they appear in the checked text.' })
  matchedText!: string;
  @ApiProperty({ description: 'UTF-16 offset of the first character.' }) start!: number;
  @ApiProperty({ description: 'UTF-16 offset after the last character.' }) end!: number;
}

export class VettedTextMatchDto extends IdentityMatchDto {
  @ApiProperty({ enum: ['text', 'translation'], description: 'Which field of the quote.' })
  field!: 'text' | 'translation';
}

export class IdentityCheckResultDto {
  @ApiProperty({ type: [IdentityMatchDto] }) matches!: IdentityMatchDto[];
}
