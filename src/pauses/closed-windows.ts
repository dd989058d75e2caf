import type { ClosedWindow } from '../scheduling/placement.js';
import { affects } from './affects.js';
import type { PauseRow } from './pauses.repository.js';

/**
 * The pauses and blackouts with an end that apply to placing a post of this channel and campaign
 * (no campaign: a channel's calendar, where only global and channel windows count). Open-ended
 * pauses are an emergency stop, not a calendar entry: they hold a post when it falls due.
 */
export function closedWindows(
  pauses: readonly PauseRow[],
  target: { channelId: string; campaignId?: string },
): ClosedWindow[] {
  const post = { channelId: target.channelId, campaignId: target.campaignId ?? '' };
  return pauses
    .filter((w) => affects(w, post))
    .flatMap((w) => (w.endsAt ? [{ kind: w.kind, start: w.startsAt, end: w.endsAt }] : []));
}
