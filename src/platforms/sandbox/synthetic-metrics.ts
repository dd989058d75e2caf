import { createHash } from 'node:crypto';

/** A post's engagement saturates like real posts do: most of it in the first day. */
const GROWTH_HOURS = 18;
const FOLLOWER_BASE = 1_200;

export interface SyntheticCounts {
  impressions: number;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  bookmarks: number;
}

/** Four stable numbers in [0, 1) drawn from a seed. */
function draws(seed: string): [number, number, number, number] {
  const hash = createHash('sha256').update(seed).digest();
  const at = (i: number) => hash.readUInt32BE(i * 4) / 2 ** 32;
  return [at(0), at(1), at(2), at(3)];
}

/**
 * Plausible, made-up metrics of a sandbox post `ageHours` after it went out: deterministic from
 * `seed` (its external id), never shrinking with age. `appeal` scales them (around 1) so a demo
 * can make one theme or language do a little better than another.
 */
export function syntheticMetrics(seed: string, ageHours: number, appeal = 1): SyntheticCounts {
  const [reach, rate, share, talk] = draws(seed);
  const grown = ageHours <= 0 ? 0 : 1 - Math.exp(-ageHours / GROWTH_HOURS);
  const impressions = Math.floor((400 + reach * 2_600) * appeal * grown);
  const engagement = 0.015 + rate * 0.035;
  const likes = Math.floor(impressions * engagement);
  return {
    impressions,
    likes,
    reposts: Math.floor(likes * (0.1 + share * 0.2)),
    replies: Math.floor(likes * (0.04 + talk * 0.1)),
    quotes: Math.floor(likes * 0.03),
    bookmarks: Math.floor(likes * (0.05 + share * 0.05)),
  };
}

/** A sandbox channel's made-up follower count on a day: slow, steady growth with a little noise. */
export function syntheticFollowers(channelId: string, day: string): number {
  const [start, pace] = draws(channelId);
  const [noise] = draws(`${channelId} ${day}`);
  const days = Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
  const base = FOLLOWER_BASE + Math.floor(start * 3_000);
  // Days since 2026-01-01 keep the numbers small and growing.
  const since = Math.max(0, days - 20_454);
  return base + Math.floor(since * (2 + pace * 6) + noise * 15);
}
