import type { ConsentStatus, Verification, VettingStatus } from '../db/schema/index.js';

/** The verification levels a quote can be relied on at, weakest first. */
export const VERIFICATION_ORDER = ['unverified', 'single_source', 'corroborated'] as const;
export type RankedVerification = (typeof VERIFICATION_ORDER)[number];

/**
 * Disputed and retracted quotes meet no minimum: they are not evidence of anything. A campaign
 * whose minimum is itself disputed or retracted (the column allows every level) sets none.
 */
export function meetsVerification(level: Verification, minimum: Verification): boolean {
  const rank = (VERIFICATION_ORDER as readonly string[]).indexOf(level);
  return rank !== -1 && rank >= (VERIFICATION_ORDER as readonly string[]).indexOf(minimum);
}

export type UnusableReason =
  | 'not_vetted'
  | 'rejected'
  | 'disputed'
  | 'retracted'
  | 'consent_withdrawn'
  | 'below_minimum_verification';

export interface Usability {
  usable: boolean;
  reasons: UnusableReason[];
}

/**
 * Why a quote may or may not be put in a post now. Every reason is listed, so the person
 * composing sees all that stands in the way, not just the first.
 */
export function usabilityOf(
  quote: { vettingStatus: VettingStatus; verification: Verification },
  defector: { consentStatus: ConsentStatus },
  minimumVerification?: Verification,
): Usability {
  const reasons: UnusableReason[] = [];
  if (quote.vettingStatus === 'pending') reasons.push('not_vetted');
  if (quote.vettingStatus === 'rejected') reasons.push('rejected');
  if (quote.verification === 'disputed') reasons.push('disputed');
  if (quote.verification === 'retracted') reasons.push('retracted');
  if (defector.consentStatus === 'withdrawn') reasons.push('consent_withdrawn');
  if (
    minimumVerification !== undefined &&
    (VERIFICATION_ORDER as readonly string[]).includes(quote.verification) &&
    !meetsVerification(quote.verification, minimumVerification)
  ) {
    reasons.push('below_minimum_verification');
  }
  return { usable: reasons.length === 0, reasons };
}

export function isUsable(
  quote: { vettingStatus: VettingStatus; verification: Verification },
  defector: { consentStatus: ConsentStatus },
  minimumVerification?: Verification,
): boolean {
  return usabilityOf(quote, defector, minimumVerification).usable;
}
