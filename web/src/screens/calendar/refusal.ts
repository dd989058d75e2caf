import { ApiProblem } from '../../api/client';
import { formatDateTime } from '../../ui/format';

const BECAUSE: Record<string, string> = {
  spacing: 'It would be too close to another post on this channel.',
  daily_cap: 'The channel already has as many posts that day as it may.',
  pause: 'Publishing is paused on this channel at that time.',
  blackout: 'That time is in a blackout.',
};

/** A scheduling refusal as people read it: why, and the next allowed time in their own zone. */
export interface PlacementRefusal {
  sentence: string;
  nextAllowedAt: string | null;
}

export function placementRefusal(error: unknown): PlacementRefusal | null {
  if (!(error instanceof ApiProblem)) return null;
  const rule = typeof error.body.rule === 'string' ? error.body.rule : undefined;
  const next = typeof error.body.nextAllowedAt === 'string' ? error.body.nextAllowedAt : null;
  if (!rule || !BECAUSE[rule]) return null;
  return {
    sentence: `${BECAUSE[rule]} ${
      next
        ? `The next time it can go out is ${formatDateTime(next)}.`
        : 'No time fits in the next 60 days or before the campaign ends.'
    }`,
    nextAllowedAt: next,
  };
}
