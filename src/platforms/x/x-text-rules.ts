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

/** A link as X shows it in a post: the URL, where it sits in the text, and its shortened display. */
export interface XLink {
  url: string;
  start: number;
  end: number;
  /** What X displays instead of the t.co link it sends: no scheme or www., cut after 25 characters. */
  display: string;
}

const DISPLAY_LENGTH = 25;

/** The links twitter-text finds in a post (the ones X wraps in t.co and weighs as 23). */
export function xLinks(text: string): XLink[] {
  return twitterText.extractUrlsWithIndices(text).map(({ url, indices: [start, end] }) => {
    const bare = url.replace(/^https?:\/\//i, '').replace(/^www\./i, '');
    return {
      url,
      start,
      end,
      display: bare.length > DISPLAY_LENGTH ? `${bare.slice(0, DISPLAY_LENGTH - 1)}…` : bare,
    };
  });
}
