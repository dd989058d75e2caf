import { createHash } from 'node:crypto';
import twitterText from 'twitter-text';

/** What every URL becomes: X rewrites links to t.co, so two posts differing only in a link look alike. */
const URL_PLACEHOLDER = '<url>';

/**
 * The form in which two texts count as the same post: NFC, URLs (as X detects them) replaced by a
 * placeholder, lower case, runs of whitespace collapsed to one space, trimmed.
 */
export function normaliseForDuplicates(text: string): string {
  const nfc = text.normalize('NFC');
  let withoutUrls = '';
  let position = 0;
  // twitter-text reports UTF-16 indices, which is how JavaScript strings slice.
  for (const { indices } of twitterText.extractUrlsWithIndices(nfc)) {
    withoutUrls += nfc.slice(position, indices[0]) + URL_PLACEHOLDER;
    position = indices[1];
  }
  withoutUrls += nfc.slice(position);
  return withoutUrls.toLowerCase().replace(/\s+/gu, ' ').trim();
}

/**
 * What a revision stores so submit can find likely duplicates by index: a digest of each segment's
 * duplicate form (the forms themselves may be longer than an index entry), none for segments that
 * are empty once normalised. Equal forms give equal keys; a shared key is confirmed by comparing
 * the forms themselves.
 */
export function duplicateKeys(segments: readonly string[]): string[] {
  const forms = new Set(segments.map(normaliseForDuplicates));
  forms.delete('');
  return [...forms].map((form) => createHash('sha256').update(form).digest('base64url'));
}

/** A post the candidate is compared with; the caller chooses which (e.g. scheduled and published). */
export interface ExistingPost {
  postId: string;
  channelId: string;
  segments: readonly string[];
  status: string;
}

export interface DuplicateMatch {
  postId: string;
  channelId: string;
  status: string;
  /** Same account: X refuses the post outright. Other account: X may treat it as spam. */
  sameChannel: boolean;
  /** Which candidate segment equals which segment of the existing post (0-based). */
  segments: { candidate: number; existing: number }[];
}

/**
 * Existing posts sharing at least one segment with the candidate once normalised (each segment is a
 * separate post on X), same-channel matches first. The candidate's own post is never a match.
 */
export function findDuplicates(
  candidate: { postId?: string; channelId: string; segments: readonly string[] },
  existing: readonly ExistingPost[],
): DuplicateMatch[] {
  const candidateIndexes = new Map<string, number[]>();
  candidate.segments.forEach((text, index) => {
    const key = normaliseForDuplicates(text);
    if (key === '') return;
    candidateIndexes.set(key, [...(candidateIndexes.get(key) ?? []), index]);
  });

  const matches: DuplicateMatch[] = [];
  for (const post of existing) {
    if (post.postId === candidate.postId) continue;
    const pairs = post.segments.flatMap((text, existingIndex) =>
      (candidateIndexes.get(normaliseForDuplicates(text)) ?? []).map((candidateIndex) => ({
        candidate: candidateIndex,
        existing: existingIndex,
      })),
    );
    if (pairs.length === 0) continue;
    matches.push({
      postId: post.postId,
      channelId: post.channelId,
      status: post.status,
      sameChannel: post.channelId === candidate.channelId,
      segments: pairs.sort((a, b) => a.candidate - b.candidate || a.existing - b.existing),
    });
  }
  // Array.prototype.sort is stable, so input order is kept within each group.
  return matches.sort((a, b) => Number(b.sameChannel) - Number(a.sameChannel));
}
