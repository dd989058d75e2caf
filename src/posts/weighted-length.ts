import type { FieldError } from '../common/domain-errors.js';
import type { Platform } from '../db/schema/index.js';
import { platformDefinition } from '../platforms/platforms.js';

// X's rule lives with X; re-exported for the post DTOs' per-segment weighted length.
export {
  weightedLength,
  type WeightedLength,
  X_MAX_THREAD_SEGMENTS as MAX_THREAD_SEGMENTS,
  X_MAX_WEIGHTED_LENGTH,
} from '../platforms/x/x-text-rules.js';

export type SegmentRule =
  'minSegments' | 'maxSegments' | 'required' | 'maxWeightedLength' | 'invalidCharacters';

/** One problem with a thread, shaped as a problem-details field error (plus the length found). */
export interface SegmentProblem extends FieldError {
  rule: SegmentRule;
  /** The segment's length as its platform counts it (weighted characters on X). */
  weightedLength?: number;
}

/**
 * Checks a thread against the text rules of the channel's platform, one problem per bad
 * segment; `field` is `segments[i]` (0-based, as in the request body) while the message counts
 * from 1, as people do.
 */
export function validateSegments(
  segments: readonly string[],
  platform: Platform,
): SegmentProblem[] {
  const { label: platformLabel, text: rules } = platformDefinition(platform);
  if (segments.length === 0) {
    return [
      { field: 'segments', rule: 'minSegments', message: 'A post needs at least one segment' },
    ];
  }
  const problems: SegmentProblem[] = [];
  const maxSegments = rules.thread.maxSegments;
  if (segments.length > maxSegments) {
    problems.push({
      field: 'segments',
      rule: 'maxSegments',
      message: `A thread has at most ${maxSegments} segments; this one has ${segments.length}`,
    });
  }
  segments.forEach((text, index) => {
    const field = `segments[${index}]`;
    const label = `segment ${index + 1}`;
    // Platforms refuse a blank post, though twitter-text counts whitespace as valid characters.
    if (text.trim() === '') {
      problems.push({ field, rule: 'required', message: `${label} is empty`, weightedLength: 0 });
      return;
    }
    const length = rules.length(text);
    const refusal = length <= rules.maxLength ? rules.refusedCharacters(text) : undefined;
    if (length > rules.maxLength) {
      problems.push({
        field,
        rule: 'maxWeightedLength',
        message: `${label} is ${length} ${rules.unit}; ${platformLabel} allows ${rules.maxLength}`,
        weightedLength: length,
      });
    } else if (refusal) {
      problems.push({
        field,
        rule: 'invalidCharacters',
        message: `${label} ${refusal}`,
        weightedLength: length,
      });
    }
  });
  return problems;
}
