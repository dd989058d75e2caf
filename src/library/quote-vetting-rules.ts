import type {
  IdentityRisk,
  LegalFlag,
  Role,
  SensitivityFlag,
  Verification,
  VettingDecision,
  VettingStage,
  VettingStatus,
} from '../db/schema/index.js';
import { holdsAny, LEGAL_REVIEWERS, QUOTE_VETTERS, SAFETY_REVIEWERS } from './library-roles.js';

export interface VettingSubject {
  vettingStatus: VettingStatus;
  verification: Verification;
  identityRisk: IdentityRisk;
  sensitivityFlags: SensitivityFlag[];
  legalFlags: LegalFlag[];
  createdBy: string | null;
  contentRevisedBy: string | null;
  /** The decisions the status currently rests on. */
  editorial: VettingDecision | null;
  legal: VettingDecision | null;
}

export interface Reviewer {
  id: string | null;
  roles: readonly Role[];
}

export interface Refusal {
  kind: 'forbidden' | 'conflict';
  detail: string;
}

/** High identity risk and distressing content are the safety reviewer's call, not an editor's. */
export const needsSafetyReviewer = (q: Pick<VettingSubject, 'identityRisk' | 'sensitivityFlags'>) =>
  q.identityRisk === 'high' || q.sensitivityFlags.length > 0;

export const needsLegalSignOff = (q: Pick<VettingSubject, 'legalFlags'>) => q.legalFlags.length > 0;

/** The stages still missing before the quote counts as vetted. */
export function awaitingStages(q: VettingSubject): VettingStage[] {
  if (q.vettingStatus === 'rejected') return [];
  const awaiting: VettingStage[] = [];
  if (q.editorial !== 'approve') awaiting.push('editorial');
  if (needsLegalSignOff(q) && q.legal !== 'approve') awaiting.push('legal');
  return awaiting;
}

/** Any rejection rejects; vetted needs the editorial approval and, for legal flags, the sign-off. */
export function vettingStatusOf(q: Omit<VettingSubject, 'vettingStatus'>): VettingStatus {
  if (q.editorial === 'reject' || q.legal === 'reject') return 'rejected';
  const legalDone = !needsLegalSignOff(q) || q.legal === 'approve';
  return q.editorial === 'approve' && legalDone ? 'vetted' : 'pending';
}

function commonRefusal(q: VettingSubject, reviewer: Reviewer): Refusal | null {
  if (q.verification === 'retracted') {
    return { kind: 'conflict', detail: 'The quote is retracted; retraction is final.' };
  }
  if (reviewer.id !== null && (reviewer.id === q.createdBy || reviewer.id === q.contentRevisedBy)) {
    return {
      kind: 'forbidden',
      detail: 'You added or last revised this quote; someone else has to review it.',
    };
  }
  return null;
}

function decisionRefusal(
  q: VettingSubject,
  stage: VettingStage,
  decision: VettingDecision,
): Refusal | null {
  const current = stage === 'editorial' ? q.editorial : q.legal;
  if (q.vettingStatus === 'rejected') {
    return {
      kind: 'conflict',
      detail: 'The quote was rejected; revise it to send it back for vetting.',
    };
  }
  if (decision === 'approve' && current === 'approve') {
    return {
      kind: 'conflict',
      detail:
        stage === 'editorial'
          ? 'The quote is already vetted at this stage.'
          : 'The legal sign-off is already given.',
    };
  }
  return null;
}

/** Why this reviewer may not take this editorial decision now, or null when they may. */
export function editorialRefusal(
  q: VettingSubject,
  reviewer: Reviewer,
  decision: VettingDecision,
): Refusal | null {
  if (!holdsAny(reviewer.roles, QUOTE_VETTERS)) {
    return { kind: 'forbidden', detail: 'Only editors and safety reviewers vet quotes.' };
  }
  if (needsSafetyReviewer(q) && !holdsAny(reviewer.roles, SAFETY_REVIEWERS)) {
    return {
      kind: 'forbidden',
      detail:
        'This quote has high identity risk or sensitive content; only a safety reviewer may vet it.',
    };
  }
  return commonRefusal(q, reviewer) ?? decisionRefusal(q, 'editorial', decision);
}

/** Why this reviewer may not give or refuse the legal sign-off now, or null when they may. */
export function legalRefusal(
  q: VettingSubject,
  reviewer: Reviewer,
  decision: VettingDecision,
): Refusal | null {
  if (!holdsAny(reviewer.roles, LEGAL_REVIEWERS)) {
    return { kind: 'forbidden', detail: 'Only legal reviewers sign off legal flags.' };
  }
  if (!needsLegalSignOff(q)) {
    return {
      kind: 'conflict',
      detail: 'The quote has no legal flags, so it needs no legal sign-off.',
    };
  }
  return commonRefusal(q, reviewer) ?? decisionRefusal(q, 'legal', decision);
}
