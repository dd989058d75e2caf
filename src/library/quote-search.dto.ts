import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import {
  IDENTITY_RISKS,
  type IdentityRisk,
  VERIFICATION_LEVELS,
  type Verification,
  VETTING_STATUSES,
  type VettingStatus,
} from '../db/schema/index.js';
import { QueryBoolean, QueryList } from './query-transforms.js';
import { LANGUAGE_TAG } from './search-config.js';
import { THEME_KEY } from './themes.dto.js';

export class QuoteSearchQuery extends PageQuery {
  @ApiPropertyOptional({
    description:
      'Full-text search over text and translation (web-search syntax: "exact phrase", or, -not); ' +
      'each word also finds its stemmed forms in the quote’s language.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ type: [String], description: 'Theme keys; repeat or comma-separate.' })
  @IsOptional()
  @QueryList()
  @IsArray()
  @Matches(THEME_KEY, { each: true, message: 'each theme must be a theme key' })
  theme?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Language tags, matched exactly.' })
  @IsOptional()
  @QueryList()
  @IsArray()
  @Matches(LANGUAGE_TAG, { each: true, message: 'each language must be a language tag' })
  language?: string[];

  @ApiPropertyOptional({ enum: VERIFICATION_LEVELS, isArray: true })
  @IsOptional()
  @QueryList()
  @IsArray()
  @IsIn(VERIFICATION_LEVELS, { each: true })
  verification?: Verification[];

  @ApiPropertyOptional({ enum: VETTING_STATUSES, isArray: true })
  @IsOptional()
  @QueryList()
  @IsArray()
  @IsIn(VETTING_STATUSES, { each: true })
  vettingStatus?: VettingStatus[];

  @ApiPropertyOptional({ enum: IDENTITY_RISKS, isArray: true })
  @IsOptional()
  @QueryList()
  @IsArray()
  @IsIn(IDENTITY_RISKS, { each: true })
  identityRisk?: IdentityRisk[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sourceId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  defectorId?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      'true: only quotes usable in a post now (vetted, not disputed or retracted, consent not withdrawn); false: only the others.',
  })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  usableNow?: boolean;
}
