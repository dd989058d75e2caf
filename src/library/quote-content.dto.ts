import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { UpdateOf } from '../common/validation.js';
import {
  IDENTITY_RISK_FLAGS,
  IDENTITY_RISKS,
  type IdentityRisk,
  type IdentityRiskFlag,
  LEGAL_FLAGS,
  type LegalFlag,
  SENSITIVITY_FLAGS,
  type SensitivityFlag,
} from '../db/schema/index.js';
import {
  type QuoteChanges,
  type QuoteContent,
  type QuoteInput,
  SETTABLE_VERIFICATION,
} from './library-inputs.js';
import { LANGUAGE_TAG } from './search-config.js';
import { THEME_KEY } from './themes.dto.js';

const LANGUAGE_MESSAGE = '$property must be a language tag such as en, ar or pt-BR';

/** What a quote says and how risky it is: shared by the API and the CSV import. */
export class QuoteContentDto implements QuoteContent {
  @ApiProperty({
    example:
      'There was neither a holy war nor any of the preachings in the holy book were followed.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  text!: string;

  @ApiProperty({ example: 'en', description: 'BCP 47 tag of the text; picks the search stemming.' })
  @IsString()
  @Matches(LANGUAGE_TAG, { message: LANGUAGE_MESSAGE })
  language!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  translation?: string | null;

  @ApiPropertyOptional({
    example: 'en',
    description: 'Required with a translation.',
    nullable: true,
    type: String,
  })
  @ValidateIf((o: QuoteContentDto) => o.translation != null || o.translationLanguage != null)
  @IsDefined({ message: 'translationLanguage is required with a translation' })
  @IsString()
  @Matches(LANGUAGE_TAG, { message: LANGUAGE_MESSAGE })
  translationLanguage?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  translator?: string | null;

  @ApiPropertyOptional({
    description: 'Where in the source, or through whom it was relayed (e.g. "as quoted by …").',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  sourceLocator?: string | null;

  @ApiProperty({ example: ['dull_duties'], description: 'Theme keys, at least one.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(THEME_KEY, { each: true, message: 'each theme must be a theme key' })
  themes!: string[];

  @ApiPropertyOptional({
    description: 'The extremist claim this quote rebuts.',
    example: 'Fighters live a life of heroism.',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  rebutsClaim?: string | null;

  @ApiProperty({ enum: SETTABLE_VERIFICATION })
  @IsIn(SETTABLE_VERIFICATION)
  verification!: (typeof SETTABLE_VERIFICATION)[number];

  @ApiProperty({ enum: IDENTITY_RISKS })
  @IsIn(IDENTITY_RISKS)
  identityRisk!: IdentityRisk;

  @ApiPropertyOptional({ enum: IDENTITY_RISK_FLAGS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(IDENTITY_RISK_FLAGS, { each: true })
  identityRiskFlags?: IdentityRiskFlag[];

  @ApiPropertyOptional({
    enum: LEGAL_FLAGS,
    isArray: true,
    description: 'Any legal flag needs a legal sign-off.',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(LEGAL_FLAGS, { each: true })
  legalFlags?: LegalFlag[];

  @ApiPropertyOptional({
    enum: SENSITIVITY_FLAGS,
    isArray: true,
    description: 'Any sensitivity flag means only a safety reviewer may vet it.',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SENSITIVITY_FLAGS, { each: true })
  sensitivityFlags?: SensitivityFlag[];
}

export class CreateQuoteDto extends QuoteContentDto implements QuoteInput {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  sourceId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  defectorId!: string;

  @ApiPropertyOptional({ description: 'Why this verification level (kept in its history).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  verificationReason?: string;
}

/**
 * Changing text, language, translation, defector or any flag sends a vetted quote back to pending.
 * Verification changes only through its own endpoint, which records the reason.
 */
export class UpdateQuoteDto
  extends UpdateOf(OmitType(CreateQuoteDto, ['verification', 'verificationReason'] as const))
  implements QuoteChanges {}
