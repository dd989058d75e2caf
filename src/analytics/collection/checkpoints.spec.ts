import fc from 'fast-check';
import {
  checkpointsOf,
  DEFAULT_CHECKPOINT_HOURS,
  dueAt,
  dueCheckpoints,
  isLate,
} from './checkpoints.js';

const HOUR = 3_600_000;
const checkpointSets = fc.uniqueArray(fc.integer({ min: 1, max: 2_000 }), {
  minLength: 1,
  maxLength: 8,
});
const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) });

describe('due checkpoints', () => {
  it('are exactly the checkpoints not yet taken whose time has come', () => {
    fc.assert(
      fc.property(
        instant,
        checkpointSets,
        fc.integer({ min: -10 * HOUR, max: 3_000 * HOUR }),
        fc.func(fc.boolean()),
        (published, hours, elapsed, takenIf) => {
          const publishedAt = new Date(published);
          const now = new Date(published + elapsed);
          const taken = new Set(hours.filter((h) => takenIf(h)));
          const due = dueCheckpoints(publishedAt, hours, taken, now);
          for (const h of hours) {
            const isDue = !taken.has(h) && published + h * HOUR <= now.getTime();
            expect(due.includes(h)).toBe(isDue);
          }
          expect(due.every((h) => hours.includes(h))).toBe(true);
        },
      ),
    );
  });

  it('only grow as time passes, and a very late checkpoint is still due', () => {
    fc.assert(
      fc.property(
        instant,
        checkpointSets,
        fc.nat(5_000 * HOUR),
        fc.nat(5_000 * HOUR),
        (published, hours, a, b) => {
          const publishedAt = new Date(published);
          const [early, late] = [Math.min(a, b), Math.max(a, b)];
          const before = dueCheckpoints(publishedAt, hours, new Set(), new Date(published + early));
          const after = dueCheckpoints(publishedAt, hours, new Set(), new Date(published + late));
          expect(before.every((h) => after.includes(h))).toBe(true);
          const longAfter = new Date(published + Math.max(...hours) * HOUR + 365 * 24 * HOUR);
          expect(dueCheckpoints(publishedAt, hours, new Set(), longAfter)).toEqual(hours);
        },
      ),
    );
  });

  it('uses the default set when a campaign has none', () => {
    expect(checkpointsOf(null)).toEqual(DEFAULT_CHECKPOINT_HOURS);
    expect(checkpointsOf([])).toEqual(DEFAULT_CHECKPOINT_HOURS);
    expect(checkpointsOf([2, 5])).toEqual([2, 5]);
  });

  it('calls a reading late past 10 % of the interval, at least 30 minutes', () => {
    const published = new Date('2026-03-01T12:00:00Z');
    const at = (h: number, extraMin: number) =>
      new Date(dueAt(published, h).getTime() + extraMin * 60_000);
    expect(isLate(published, 1, at(1, 30))).toBe(false);
    expect(isLate(published, 1, at(1, 31))).toBe(true);
    expect(isLate(published, 24, at(24, 144))).toBe(false);
    expect(isLate(published, 24, at(24, 145))).toBe(true);
    expect(isLate(published, 720, at(720, 60 * 24))).toBe(false);
  });
});
