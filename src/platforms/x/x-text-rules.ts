import twitterText from 'twitter-text';
import type { TextRules } from '../text-rules.js';

/** X's limit per post, in twitter-text weighted characters (URLs 23, CJK and emoji 2). */
export const X_MAX_WEIGHTED_LENGTH = 280;

/** A thread longer than this is refused before it reaches review. */
export const X_MAX_THREAD_SEGMENTS = 25;

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

export const xTextRules: TextRules = {
  unit: 'weighted characters',
  maxLength: X_MAX_WEIGHTED_LENGTH,
  length: (text) => weightedLength(text).weightedLength,
  // twitter-text calls a non-empty text within the limit invalid only for these characters.
  refusedCharacters: (text) =>
    weightedLength(text).valid
      ? undefined
      : 'contains characters X does not accept (U+FFFE, U+FEFF or U+FFFF)',
  thread: { kind: 'reply_chain', maxSegments: X_MAX_THREAD_SEGMENTS },
};
