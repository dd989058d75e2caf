import fc from 'fast-check';
import { backoffMs, FAILURE_MEMORY_MS, rememberedFailures, waitLeftMs } from './sign-in-backoff.js';

describe('sign-in backoff', () => {
  it('lets the first failures through, then doubles the wait per failure up to the cap', () => {
    const waits = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((f) => backoffMs(f, 3, 20_000));
    expect(waits).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 16_000, 20_000, 20_000]);
  });

  it('never decreases with more failures and never exceeds the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 86_400_000 }),
        (failures, free, max) => {
          const wait = backoffMs(failures, free, max);
          expect(wait).toBeLessThanOrEqual(max);
          expect(backoffMs(failures + 1, free, max)).toBeGreaterThanOrEqual(wait);
          expect(Number.isFinite(wait)).toBe(true);
        },
      ),
    );
  });

  it('forgets failures after an hour without one', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const state = (agoMs: number) => ({
      failures: 7,
      lastFailureAt: new Date(now.getTime() - agoMs),
      blockedUntil: null,
    });
    expect(rememberedFailures(state(FAILURE_MEMORY_MS - 1), now)).toBe(7);
    expect(rememberedFailures(state(FAILURE_MEMORY_MS), now)).toBe(0);
  });

  it('tells how long is left to wait', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const blockedUntil = new Date(now.getTime() + 1500);
    expect(waitLeftMs({ failures: 5, lastFailureAt: now, blockedUntil }, now)).toBe(1500);
    expect(waitLeftMs({ failures: 5, lastFailureAt: now, blockedUntil: now }, now)).toBe(0);
    expect(waitLeftMs({ failures: 0, lastFailureAt: null, blockedUntil: null }, now)).toBe(0);
  });
});
