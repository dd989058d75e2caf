/**
 * How long the next sign-in attempt for one account or address must wait. The first
 * `freeFailures` failures cost nothing (typos); after that each failure doubles the wait
 * (1 s, 2 s, 4 s, …) up to `maxMs`, so guessing gets slow while the real user, at worst, waits
 * `maxMs` once: nothing is ever locked.
 */
export function backoffMs(failures: number, freeFailures: number, maxMs: number): number {
  if (failures < freeFailures) return 0;
  // 2^k grows past any cap long before it overflows; the exponent is clamped all the same.
  const exponent = Math.min(failures - freeFailures, 40);
  return Math.min(2 ** exponent * 1000, maxMs);
}

/** A key's failures are forgotten after this long without one: yesterday's typos cost nothing. */
export const FAILURE_MEMORY_MS = 60 * 60_000;

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date | null;
  blockedUntil: Date | null;
}

/** The failures still remembered at `now`. */
export const rememberedFailures = (state: ThrottleState, now: Date): number =>
  state.lastFailureAt && now.getTime() - state.lastFailureAt.getTime() < FAILURE_MEMORY_MS
    ? state.failures
    : 0;

/** Milliseconds until the key may try again; 0 when it may now. */
export const waitLeftMs = (state: ThrottleState, now: Date): number =>
  state.blockedUntil ? Math.max(0, state.blockedUntil.getTime() - now.getTime()) : 0;
