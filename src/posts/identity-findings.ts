import type { Role } from '../db/schema/index.js';
import type { IdentifyingMatch } from '../library/identity-check.js';

/** An identity-check hit in the current revision, and whether a safety reviewer cleared it. */
export interface IdentityFinding extends IdentifyingMatch {
  segment: number;
  cleared: boolean;
}

/**
 * A finding as its reader may see it. Which private detail matched (its id, its kind, the words
 * that matched it) is for safety reviewers and admins only; telling anyone else would let them
 * test guesses about a defector's name or hometown against a post (issue 10 §4). They learn that
 * the text names an identifying detail, where, and whether it is cleared.
 */
export interface FindingView {
  segment: number;
  start: number;
  end: number;
  cleared: boolean;
  detailId?: string;
  kind?: IdentifyingMatch['kind'];
  matchedText?: string;
}

export const mayLearnIdentifyingDetails = (roles: readonly Role[]): boolean =>
  roles.includes('safety_reviewer') || roles.includes('admin');

export function findingsFor(
  roles: readonly Role[],
  findings: readonly IdentityFinding[],
): FindingView[] {
  const full = mayLearnIdentifyingDetails(roles);
  return findings.map(({ segment, start, end, cleared, detailId, kind, matchedText }) =>
    full
      ? { segment, start, end, cleared, detailId, kind, matchedText }
      : { segment, start, end, cleared },
  );
}
