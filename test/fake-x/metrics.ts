import type { FakeTweetMetrics } from './store.js';

const HOUR_MS = 3_600_000;
/** Half of a post's eventual engagement arrives in its first six hours. */
const HALF_LIFE_HOURS = 6;
/** X keeps owner-only metrics (non_public_metrics) for this long. */
export const PRIVATE_METRICS_DAYS = 30;

/**
 * The public metrics the fake X serves for a post `ageMs` after it was created, deterministic
 * from its id, so tests compute the numbers they expect:
 *
 *   s = id mod 997;  g = 1 − 2^(−ageHours / 6)  (0 for age ≤ 0)
 *   impression_count = ⌊(1000 + 10 s) g⌋   like_count     = ⌊(20 + s mod 50) g⌋
 *   retweet_count    = ⌊(5 + s mod 13) g⌋   reply_count    = ⌊(2 + s mod 7) g⌋
 *   quote_count      = ⌊(1 + s mod 5) g⌋    bookmark_count = ⌊(3 + s mod 11) g⌋
 *
 * Every count only grows with age. Counts a test pins with `setMetrics` replace these.
 */
export function fakeXMetrics(id: string, ageMs: number): FakeTweetMetrics {
  const s = Number(BigInt(id) % 997n);
  const g = ageMs <= 0 ? 0 : 1 - 2 ** (-ageMs / HOUR_MS / HALF_LIFE_HOURS);
  const at = (eventual: number) => Math.floor(eventual * g);
  return {
    retweet_count: at(5 + (s % 13)),
    reply_count: at(2 + (s % 7)),
    like_count: at(20 + (s % 50)),
    quote_count: at(1 + (s % 5)),
    impression_count: at(1000 + 10 * s),
    bookmark_count: at(3 + (s % 11)),
  };
}

/**
 * An account's follower count at `nowMs`: from its id, growing by a few a day.
 *
 *   followers = 500 + (id mod 4000) + ⌊days since 2026-01-01 × (3 + id mod 5)⌋  (days ≥ 0)
 */
export function fakeXFollowers(accountId: string, nowMs: number): number {
  const id = BigInt(accountId);
  const days = Math.max(0, (nowMs - Date.UTC(2026, 0, 1)) / (24 * HOUR_MS));
  return 500 + Number(id % 4000n) + Math.floor(days * (3 + Number(id % 5n)));
}
