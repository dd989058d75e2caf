import { ApiProperty } from '@nestjs/swagger';
import {
  CONSENT_STATUSES,
  type ConsentStatus,
  IDENTITY_RISK_FLAGS,
  IDENTITY_RISKS,
  type IdentityRisk,
  type IdentityRiskFlag,
  LEGAL_FLAGS,
  type LegalFlag,
  type Role,
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
import { VettedTextMatchDto } from './identity-check.dto.js';
import type { IdentifyingMatch } from './identity-check.js';
import { matchesFor } from './identity-check-redaction.js';
import { awaitingStages, needsLegalSignOff, needsSafetyReviewer } from './quote-vetting-rules.js';
import type { QuoteView, VerificationChangeRow, VettingDecisionRow } from './quotes.repository.js';
import { type UnusableReason, usabilityOf } from './usability.js';

const UNUSABLE_REASONS: UnusableReason[] = [
  'not_vetted',
  'rejected',
  'disputed',
  'retracted',
  'consent_withdrawn',
  'below_minimum_verification',
];
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
