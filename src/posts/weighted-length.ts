import twitterText from 'twitter-text';
import type { FieldError } from '../common/domain-errors.js';
import type { Platform } from '../db/schema/index.js';

/** X's limit per post, in twitter-text weighted characters (URLs 23, CJK and emoji 2). */
export const X_MAX_WEIGHTED_LENGTH = 280;

/** A thread longer than this is refused before it reaches review. */
export const MAX_THREAD_SEGMENTS = 25;

export interface WeightedLength {
  /** Length as X counts it: NFC-normalised, URLs 23, CJK and emoji 2, most other characters 1. */
  weightedLength: number;
  /** True when X would accept the text: non-empty, within 280, no characters X forbids. */
  valid: boolean;
  /** weightedLength per mille of 280, for a length meter in the editor. */
  permillage: number;
}

/** The only caller of twitter-text's parseTweet, so every length shown or checked agrees with X. */
export function weightedLength(text: string): WeightedLength {
  const parsed = twitterText.parseTweet(text);
  return {
    weightedLength: parsed.weightedLength,
    valid: parsed.valid,
    permillage: parsed.permillage,
  };
}

export type SegmentRule =
  'minSegments' | 'maxSegments' | 'required' | 'maxWeightedLength' | 'invalidCharacters';

/** One problem with a thread, shaped as a problem-details field error (plus the length found). */
export interface SegmentProblem extends FieldError {
  rule: SegmentRule;
  weightedLength?: number;
}

/**
 * Checks a thread against X's rules, one problem per bad segment; `field` is `segments[i]`
 * (0-based, as in the request body) while the message counts from 1, as people do.
 * Sandbox channels get the same rules as X: the sandbox exists to rehearse real publishing,
 * and a post drafted there must be publishable on X unchanged.
 */
export function validateSegments(
  segments: readonly string[],
  _platform: Platform,
): SegmentProblem[] {
  if (segments.length === 0) {
    return [
      { field: 'segments', rule: 'minSegments', message: 'A post needs at least one segment' },
    ];
  }
  const problems: SegmentProblem[] = [];
  if (segments.length > MAX_THREAD_SEGMENTS) {
    problems.push({
      field: 'segments',
      rule: 'maxSegments',
      message: `A thread has at most ${MAX_THREAD_SEGMENTS} segments; this one has ${segments.length}`,
    });
  }
  segments.forEach((text, index) => {
    const field = `segments[${index}]`;
    const label = `segment ${index + 1}`;
    // X refuses a blank post, though twitter-text counts whitespace as valid characters.
    if (text.trim() === '') {
      problems.push({ field, rule: 'required', message: `${label} is empty`, weightedLength: 0 });
      return;
    }
    const length = weightedLength(text);
    if (length.weightedLength > X_MAX_WEIGHTED_LENGTH) {
      problems.push({
        field,
        rule: 'maxWeightedLength',
        message: `${label} is ${length.weightedLength} weighted characters; X allows ${X_MAX_WEIGHTED_LENGTH}`,
        weightedLength: length.weightedLength,
      });
    } else if (!length.valid) {
      problems.push({
        field,
        rule: 'invalidCharacters',
        message: `${label} contains characters X does not accept (U+FFFE, U+FEFF or U+FFFF)`,
        weightedLength: length.weightedLength,
      });
    }
  });
  return problems;
}
