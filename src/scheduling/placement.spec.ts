import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { type CapacityRules, ChannelCalendar } from './channel-capacity.js';
import {
  type ClosedWindow,
  firstFitFrom as fitIn,
  placementVerdict as judgeIn,
} from './placement.js';
import { localDay } from './zone-offsets.js';

/** The local date an instant falls on, read from Intl each time: the oracle for the calendar. */
const calendarDay = (timezone: string, instant: number) =>
  localDay((t) => IANAZone.create(timezone).offset(t), instant);

const BASE = Date.parse('2026-03-27T00:00:00Z'); // spans London's spring-forward night
const HOUR_MS = 3_600_000;
const UNTIL = new Date(BASE + 60 * 24 * HOUR_MS);

const rulesArb = fc.record<CapacityRules>({
  timezone: fc.constantFrom('Europe/London', 'UTC', 'Asia/Kolkata', 'America/New_York'),
  minSpacingMinutes: fc.integer({ min: 0, max: 240 }),
  dailyCap: fc.integer({ min: 1, max: 4 }),
});
const instantArb = fc.integer({ min: 0, max: 5 * 24 * 60 }).map((m) => new Date(BASE + m * 60_000));
// The rules take the taken instants as an indexed calendar; the cases state them as a list.
const withList =
  <T>(rule: (r: CapacityRules, at: Date, c: ChannelCalendar, w: ClosedWindow[], u: Date) => T) =>
  (rules: CapacityRules, at: Date, taken: readonly Date[], windows: ClosedWindow[], until: Date) =>
    rule(rules, at, new ChannelCalendar(rules.timezone, taken), windows, until);
const placementVerdict = withList(judgeIn);
const firstFitFrom = withList(fitIn);

/**
 * The rules read straight off their definition, one whole minute at a time: the oracle the
 * indexed calendar's verdicts are checked against.
 */
function fitsByDefinition(
  rules: CapacityRules,
  instant: number,
  taken: readonly Date[],
  windows: readonly ClosedWindow[],
): boolean {
  if (windows.some((w) => w.start.getTime() <= instant && instant < w.end.getTime())) return false;
  const spacingMs = rules.minSpacingMinutes * 60_000;
  if (taken.some((t) => Math.abs(t.getTime() - instant) < spacingMs || t.getTime() === instant))
    return false;
  const day = calendarDay(rules.timezone, instant);
  return (
    taken.filter((t) => calendarDay(rules.timezone, t.getTime()) === day).length < rules.dailyCap
  );
}

function firstWholeMinuteThatFits(
  rules: CapacityRules,
  after: number,
  until: number,
  taken: readonly Date[],
  windows: readonly ClosedWindow[],
): number | null {
  for (let m = Math.floor(after / 60_000) * 60_000 + 60_000; m < until; m += 60_000)
    if (fitsByDefinition(rules, m, taken, windows)) return m;
  return null;
}

const windowArb = fc
  .tuple(
    fc.constantFrom<'pause' | 'blackout'>('pause', 'blackout'),
    instantArb,
    fc.integer({ min: 1, max: 48 * 60 }),
  )
  .map(([kind, start, minutes]): ClosedWindow => ({
    kind,
    start,
    end: new Date(start.getTime() + minutes * 60_000),
  }));

describe('placementVerdict: an explicit time, and the next allowed one', () => {
  it('proposes a later whole minute at which the same rules let the post in', () => {
    fc.assert(
      fc.property(
        rulesArb,
        instantArb,
        fc.array(instantArb, { maxLength: 12 }),
        fc.array(windowArb, { maxLength: 3 }),
        (rules, at, taken, windows) => {
          const verdict = placementVerdict(rules, at, taken, windows, UNTIL);
          if (verdict.fits) return;
          expect(['spacing', 'daily_cap', 'pause', 'blackout']).toContain(verdict.rule);
          const next = verdict.nextAllowedAt;
          expect(next).not.toBeNull();
          expect(next!.getTime()).toBeGreaterThan(at.getTime());
          expect(next!.getTime() % 60_000).toBe(0);
          expect(placementVerdict(rules, next!, taken, windows, UNTIL)).toEqual({ fits: true });
        },
      ),
    );
  });

  it('says what the rules say at every instant of a crowded calendar, and proposes the first whole minute that fits', () => {
    const until = BASE + 4 * 24 * HOUR_MS;
    // Down to the millisecond, up to 60 posts over three days: the proposal steps past many.
    const denseArb = fc.integer({ min: 0, max: 3 * 24 * HOUR_MS }).map((ms) => new Date(BASE + ms));
    fc.assert(
      fc.property(
        rulesArb,
        denseArb,
        fc.array(denseArb, { maxLength: 60 }),
        fc.array(windowArb, { maxLength: 2 }),
        (rules, at, taken, windows) => {
          const verdict = placementVerdict(rules, at, taken, windows, new Date(until));
          expect(verdict.fits).toBe(fitsByDefinition(rules, at.getTime(), taken, windows));
          if (verdict.fits) return;
          const expected = firstWholeMinuteThatFits(rules, at.getTime(), until, taken, windows);
          expect(verdict.nextAllowedAt?.getTime() ?? null).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('names a blackout before the spacing, and proposes its end', () => {
    const rules = { timezone: 'UTC', minSpacingMinutes: 60, dailyCap: 5 };
    const window: ClosedWindow = {
      kind: 'blackout',
      start: new Date('2026-05-01T08:00:00Z'),
      end: new Date('2026-05-01T12:00:00Z'),
    };
    const verdict = placementVerdict(
      rules,
      new Date('2026-05-01T09:00:00Z'),
      [new Date('2026-05-01T09:30:00Z')],
      [window],
      UNTIL,
    );
    expect(verdict).toMatchObject({
      fits: false,
      rule: 'blackout',
      nextAllowedAt: new Date('2026-05-01T12:00:00Z'),
    });
  });

  it('moves past full days to the first day with room', () => {
    const rules = { timezone: 'UTC', minSpacingMinutes: 30, dailyCap: 1 };
    const verdict = placementVerdict(
      rules,
      new Date('2026-05-01T09:00:00Z'),
      [new Date('2026-05-01T06:00:00Z'), new Date('2026-05-02T00:10:00Z')],
      [],
      UNTIL,
    );
    expect(verdict).toMatchObject({
      rule: 'daily_cap',
      nextAllowedAt: new Date('2026-05-03T00:00:00Z'),
    });
  });
});

describe('firstFitFrom: where the engine puts a deferred post', () => {
  it('puts it where the rules let it in, no earlier than asked, and no later than it must', () => {
    fc.assert(
      fc.property(
        rulesArb,
        instantArb,
        fc.array(instantArb, { maxLength: 8 }),
        fc.array(windowArb, { maxLength: 2 }),
        (rules, at, taken, windows) => {
          const placed = firstFitFrom(rules, at, taken, windows, UNTIL);
          expect(placed.getTime()).toBeGreaterThanOrEqual(at.getTime());
          expect(placementVerdict(rules, placed, taken, windows, UNTIL)).toEqual({ fits: true });
          // Where `at` itself fits, it stays (the millisecond steps past a tie have their own case).
          if (placementVerdict(rules, at, taken, windows, UNTIL).fits) expect(placed).toEqual(at);
          // No whole minute between the asked time and the placement would have done.
          else if (placed.getTime() % 60_000 === 0)
            expect(
              firstWholeMinuteThatFits(rules, at.getTime(), placed.getTime(), taken, windows),
            ).toBeNull();
        },
      ),
    );
  });

  it('queues posts deferred to one instant on a channel without spacing milliseconds apart', () => {
    const rules: CapacityRules = { timezone: 'UTC', minSpacingMinutes: 0, dailyCap: 1000 };
    const at = new Date(BASE + HOUR_MS);
    const taken: Date[] = [];
    for (let k = 0; k < 300; k++) taken.push(firstFitFrom(rules, at, taken, [], UNTIL));
    expect(new Set(taken.map((t) => t.getTime())).size).toBe(300);
    expect(taken.at(-1)!.getTime() - at.getTime()).toBe(299);
  });
});
