import type { PauseRow } from './pauses.repository.js';

/** Whether a pause or blackout window applies to a post of this campaign on this channel. */
export function affects(
  window: Pick<PauseRow, 'scope' | 'campaignId' | 'channelId'>,
  post: { campaignId: string; channelId: string },
): boolean {
  switch (window.scope) {
    case 'global':
      return true;
    case 'campaign':
      return window.campaignId === post.campaignId;
    case 'channel':
      return window.channelId === post.channelId;
  }
}
