import type { Role } from '../db/schema/index.js';
import type { IdentifyingMatch } from './identity-check.js';
import { holdsAny, PRIVACY_GUARDIANS } from './library-roles.js';

/**
 * Which detail a text names, and what kind it is (a real name, a hometown), is itself an
 * identifying detail: anyone who could read it could test guesses against a defector. Only
 * safety reviewers and admins learn it; everyone else learns that the text names an identifying
 * detail, and where (the offsets, and the words there, which are their own text).
 */
/**
 * Responses that may carry internal notes, identifying details or which words match one are
 * never kept by a browser or a proxy cache, where they would outlive the session allowed to
 * read them.
 */
export const NO_STORE = 'no-store';

const seesMatchedDetails = (roles: readonly Role[]) => holdsAny(roles, PRIVACY_GUARDIANS);

/** A match as everyone may see it: where (and any field or segment it is in), never which detail. */
export type MatchLocation<M extends IdentifyingMatch> = Omit<M, 'detailId' | 'defectorId' | 'kind'>;

const WHICH_DETAIL = new Set(['detailId', 'defectorId', 'kind']);

/**
 * The matches as `roles` may see them. Without the detail, two details matching the same words
 * are one location, so the count of overlapping details does not hint at what they are.
 */
export function matchesFor<M extends IdentifyingMatch>(
  roles: readonly Role[],
  matches: readonly M[],
): (M | MatchLocation<M>)[] {
  if (seesMatchedDetails(roles)) return [...matches];
  const locations = new Map<string, MatchLocation<M>>();
  for (const match of matches) {
    const location = Object.fromEntries(
      Object.entries(match).filter(([field]) => !WHICH_DETAIL.has(field)),
    ) as MatchLocation<M>;
    locations.set(JSON.stringify(location), location);
  }
  return [...locations.values()];
}
