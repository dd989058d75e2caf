import type { Campaign } from '../../api/queries';

/** The Campaign filter's value for "All campaigns", in the address and in this browser's memory. */
export const ALL_CAMPAIGNS = 'all';

const KEY = 'countervoice:analytics:campaign';

/** The Campaign filter this browser last chose on Analytics (a campaign id or `all`). */
export function rememberedCampaign(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberCampaign(value: string): void {
  try {
    window.localStorage.setItem(KEY, value);
  } catch {
    // Storage full or disabled: the screen then opens on the running campaign, as for a newcomer.
  }
}

const startOf = (c: Campaign) => Date.parse(c.startsAt ?? c.createdAt);

/**
 * What Analytics shows when the address names no campaign. Objectives, the decision log and the
 * funder report belong to one campaign, so the screen opens on one: the one this browser chose
 * last (still there), else the running campaign that started most recently, else the latest
 * campaign not archived. "All campaigns" only when there is none, or when it was the last choice.
 */
export function openingCampaign(
  campaigns: readonly Campaign[],
  remembered: string | null,
  now: number,
) {
  if (remembered === ALL_CAMPAIGNS || campaigns.some((c) => c.id === remembered))
    return remembered!;
  const latest = (list: readonly Campaign[]) =>
    [...list].sort((a, b) => startOf(b) - startOf(a) || a.name.localeCompare(b.name))[0];
  const running = campaigns.filter(
    (c) =>
      c.status === 'active' &&
      startOf(c) <= now &&
      (c.endsAt === null || Date.parse(c.endsAt) > now),
  );
  const open = latest(running) ?? latest(campaigns.filter((c) => c.status !== 'archived'));
  return open?.id ?? ALL_CAMPAIGNS;
}
