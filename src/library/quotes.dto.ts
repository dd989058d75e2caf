import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
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
import { PageQuery } from '../common/pagination.js';
import {
  CONSENT_STATUSES,
  type ConsentStatus,
  IDENTIFYING_DETAIL_KINDS,
  IDENTITY_RISK_FLAGS,
  IDENTITY_RISKS,
  type IdentifyingDetailKind,
  type IdentityRisk,
  type IdentityRiskFlag,
  LEGAL_FLAGS,
  type Role,
  type LegalFlag,
  SENSITIVITY_FLAGS,
  type SensitivityFlag,
  VERIFICATION_LEVELS,
  type Verification,
  VETTING_DECISIONS,
  VETTING_STAGES,
  VETTING_STATUSES,
  type VettingDecision,
  type VettingStage,
  type VettingStatus,
} from '../db/schema/index.js';
import type { IdentifyingMatch } from './identity-check.js';
import { matchesFor } from './identity-check-redaction.js';
import { QueryBoolean, QueryList, OptionalNotNull } from './query-transforms.js';
import { awaitingStages, needsLegalSignOff, needsSafetyReviewer } from './quote-vetting-rules.js';
import type { QuoteView, VerificationChangeRow, VettingDecisionRow } from './quotes.repository.js';
import { LANGUAGE_TAG } from './search-config.js';
import { THEME_KEY } from './themes.dto.js';
import { type UnusableReason, usabilityOf } from './usability.js';

/** Retracted is reached only through the retract endpoint, which records and announces it. */
export const SETTABLE_VERIFICATION = [
  'unverified',
  'single_source',
  'corroborated',
  'disputed',
] as const;
const UNUSABLE_REASONS: UnusableReason[] = [
  'not_vetted',
  'rejected',
  'disputed',
  'retracted',
  'consent_withdrawn',
  'below_minimum_verification',
];
const LANGUAGE_MESSAGE = '$property must be a language tag such as en, ar or pt-BR';

/** What a quote says and how risky it is: shared by the API and the CSV import. */
export class QuoteContentDto {
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

export class CreateQuoteDto extends QuoteContentDto {
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

/** Changing text, language, translation, defector or any flag sends a vetted quote back to pending. */
export class UpdateQuoteDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  text?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @Matches(LANGUAGE_TAG, { message: LANGUAGE_MESSAGE })
  language?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  translation?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @Matches(LANGUAGE_TAG, { message: LANGUAGE_MESSAGE })
  translationLanguage?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  translator?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  sourceLocator?: string | null;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalNotNull()
  @IsUUID()
  sourceId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalNotNull()
  @IsUUID()
  defectorId?: string;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(THEME_KEY, { each: true, message: 'each theme must be a theme key' })
  themes?: string[];

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  rebutsClaim?: string | null;

  @ApiPropertyOptional({ enum: IDENTITY_RISKS })
  @OptionalNotNull()
  @IsIn(IDENTITY_RISKS)
  identityRisk?: IdentityRisk;

  @ApiPropertyOptional({ enum: IDENTITY_RISK_FLAGS, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @IsIn(IDENTITY_RISK_FLAGS, { each: true })
  identityRiskFlags?: IdentityRiskFlag[];

  @ApiPropertyOptional({ enum: LEGAL_FLAGS, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @IsIn(LEGAL_FLAGS, { each: true })
  legalFlags?: LegalFlag[];

  @ApiPropertyOptional({ enum: SENSITIVITY_FLAGS, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayUnique()
  @IsIn(SENSITIVITY_FLAGS, { each: true })
  sensitivityFlags?: SensitivityFlag[];
}

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

export class QuoteSourceSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() outlet!: string;
  @ApiProperty() title!: string;
  @ApiProperty() url!: string;
}

export class QuoteDefectorSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: CONSENT_STATUSES }) consentStatus!: ConsentStatus;
}

export class VettingDecisionViewDto {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: VETTING_STAGES }) stage!: VettingStage;
  @ApiProperty({ enum: VETTING_DECISIONS }) decision!: VettingDecision;
  @ApiProperty() comment!: string;
  @ApiProperty({ description: 'Who decided.' }) by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({
    type: [VettedTextMatchDto],
    nullable: true,
    description: 'Identifying details a safety reviewer knowingly accepted with this approval.',
  })
  acknowledgedMatches!: VettedTextMatchDto[] | null;

  static from(row: VettingDecisionRow, viewer: readonly Role[]): VettingDecisionViewDto {
    const acknowledged = row.acknowledgedMatches as VettedTextMatchDto[] | null;
    return {
      id: row.id,
      stage: row.stage,
      decision: row.decision,
      comment: row.comment,
      by: row.actorLabel,
      at: row.at.toISOString(),
      acknowledgedMatches:
        acknowledged &&
        matchesFor(
          viewer,
          acknowledged as (IdentifyingMatch & { field: 'text' | 'translation' })[],
        ),
    };
  }
}

export class VettingStateDto {
  @ApiProperty({
    enum: VETTING_STATUSES,
    description: 'vetted only once every required stage approved; any rejection rejects.',
  })
  status!: VettingStatus;
  @ApiProperty({
    description: 'High identity risk or sensitivity flags: only a safety reviewer may vet.',
  })
  safetyReviewerRequired!: boolean;
  @ApiProperty({ description: 'Legal flags: a legal reviewer must sign off as well.' })
  legalSignOffRequired!: boolean;
  @ApiProperty({ enum: VETTING_STAGES, isArray: true, description: 'Stages still missing.' })
  awaiting!: VettingStage[];
  @ApiProperty({ type: VettingDecisionViewDto, nullable: true })
  editorial!: VettingDecisionViewDto | null;
  @ApiProperty({ type: VettingDecisionViewDto, nullable: true })
  legal!: VettingDecisionViewDto | null;
}

export class QuoteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() text!: string;
  @ApiProperty() language!: string;
  @ApiProperty({ nullable: true, type: String }) translation!: string | null;
  @ApiProperty({ nullable: true, type: String }) translationLanguage!: string | null;
  @ApiProperty({ nullable: true, type: String }) translator!: string | null;
  @ApiProperty({ type: QuoteSourceSummaryDto }) source!: QuoteSourceSummaryDto;
  @ApiProperty({ nullable: true, type: String }) sourceLocator!: string | null;
  @ApiProperty({ type: QuoteDefectorSummaryDto }) defector!: QuoteDefectorSummaryDto;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ nullable: true, type: String }) rebutsClaim!: string | null;
  @ApiProperty({ enum: VERIFICATION_LEVELS }) verification!: Verification;
  @ApiProperty({ enum: IDENTITY_RISKS }) identityRisk!: IdentityRisk;
  @ApiProperty({ enum: IDENTITY_RISK_FLAGS, isArray: true }) identityRiskFlags!: IdentityRiskFlag[];
  @ApiProperty({ enum: LEGAL_FLAGS, isArray: true }) legalFlags!: LegalFlag[];
  @ApiProperty({ enum: SENSITIVITY_FLAGS, isArray: true }) sensitivityFlags!: SensitivityFlag[];
  @ApiProperty({ type: VettingStateDto }) vetting!: VettingStateDto;
  @ApiProperty({ description: 'Usable in a post now (before any campaign minimum verification).' })
  usable!: boolean;
  @ApiProperty({ enum: UNUSABLE_REASONS, isArray: true }) unusableReasons!: UnusableReason[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  /** `viewer`: the roles of who asks, which decide whether acknowledged matches name details. */
  static from(view: QuoteView, viewer: readonly Role[]): QuoteDto {
    const usability = usabilityOf(view, view.defector);
    const subject = {
      ...view,
      editorial: view.editorialDecision?.decision ?? null,
      legal: view.legalDecision?.decision ?? null,
    };
    return {
      id: view.id,
      text: view.text,
      language: view.language,
      translation: view.translation,
      translationLanguage: view.translationLanguage,
      translator: view.translator,
      source: view.source,
      sourceLocator: view.sourceLocator,
      defector: view.defector,
      themes: view.themes,
      rebutsClaim: view.rebutsClaim,
      verification: view.verification,
      identityRisk: view.identityRisk,
      identityRiskFlags: view.identityRiskFlags,
      legalFlags: view.legalFlags,
      sensitivityFlags: view.sensitivityFlags,
      vetting: {
        status: view.vettingStatus,
        safetyReviewerRequired: needsSafetyReviewer(view),
        legalSignOffRequired: needsLegalSignOff(view),
        awaiting: awaitingStages(subject),
        editorial: view.editorialDecision
          ? VettingDecisionViewDto.from(view.editorialDecision, viewer)
          : null,
        legal: view.legalDecision ? VettingDecisionViewDto.from(view.legalDecision, viewer) : null,
      },
      usable: usability.usable,
      unusableReasons: usability.reasons,
      createdAt: view.createdAt.toISOString(),
      updatedAt: view.updatedAt.toISOString(),
    };
  }
}

export class VerificationChangeViewDto {
  @ApiProperty({ enum: VERIFICATION_LEVELS, nullable: true }) from!: Verification | null;
  @ApiProperty({ enum: VERIFICATION_LEVELS }) to!: Verification;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'Who made the change.' }) by!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;

  static from(row: VerificationChangeRow): VerificationChangeViewDto {
    return {
      from: row.fromLevel,
      to: row.toLevel,
      reason: row.reason,
      by: row.actorLabel,
      at: row.at.toISOString(),
    };
  }
}

export class QuoteDetailDto extends QuoteDto {
  @ApiProperty({ type: [VerificationChangeViewDto] })
  verificationHistory!: VerificationChangeViewDto[];
  @ApiProperty({
    type: [VettingDecisionViewDto],
    description: 'Every vetting and legal decision, oldest first.',
  })
  vettingHistory!: VettingDecisionViewDto[];
}

export class QuotePageDto {
  @ApiProperty({ type: [QuoteDto] }) items!: QuoteDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class QuoteImportDto {
  @ApiProperty({
    description:
      'The CSV text (UTF-8, header row first; the columns GET /api/library/quotes/export.csv writes). ' +
      'See the README, "Quote library", for each column.',
  })
  @IsString()
  @MinLength(1)
  csv!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Only validate and report what would be created.',
  })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class QuoteImportResultDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ description: 'Quotes created (or that would be), all pending vetting.' })
  quotes!: number;
  @ApiProperty({ type: [String], description: 'Urls of sources created.' })
  sourcesCreated!: string[];
  @ApiProperty({ description: 'Rows whose source already existed.' }) sourcesMatched!: number;
  @ApiProperty({ type: [String], description: 'Display names of defectors created.' })
  defectorsCreated!: string[];
  @ApiProperty({ description: 'Rows whose defector already existed.' }) defectorsMatched!: number;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Ids of the created quotes (empty on a dry run).',
  })
  quoteIds!: string[];
}
