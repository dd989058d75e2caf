import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { VETTING_DECISIONS, type VettingDecision } from '../db/schema/index.js';
import { SETTABLE_VERIFICATION } from './library-inputs.js';

export class VettingDecisionDto {
  @ApiProperty({ enum: VETTING_DECISIONS })
  @IsIn(VETTING_DECISIONS)
  decision!: VettingDecision;

  @ApiProperty({ example: 'Checked against the source; no identifying detail left.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  comment!: string;

  @ApiPropertyOptional({
    description:
      'Safety reviewers only: approve although the text contains identifying details of the ' +
      'defector (the 409 lists them). The acknowledged matches are recorded with the decision.',
  })
  @IsOptional()
  @IsBoolean()
  acknowledgeIdentityMatches?: boolean;
}

export class LegalReviewDto {
  @ApiProperty({ enum: VETTING_DECISIONS, description: 'approve = sign off.' })
  @IsIn(VETTING_DECISIONS)
  decision!: VettingDecision;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  comment!: string;
}

export class VerificationChangeDto {
  @ApiProperty({ enum: SETTABLE_VERIFICATION, description: 'To retract, use POST …/retract.' })
  @IsIn(SETTABLE_VERIFICATION)
  verification!: (typeof SETTABLE_VERIFICATION)[number];

  @ApiProperty({ example: 'A second outlet published the same interview.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason!: string;
}

export class RetractQuoteDto {
  @ApiProperty({ example: 'The outlet withdrew the interview as fabricated.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason!: string;
}
