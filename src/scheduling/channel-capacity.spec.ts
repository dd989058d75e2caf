import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import {
  type CapacityRules,
  channelCapacity,
  ChannelCalendar,
  channelDay,
} from './channel-capacity.js';
import { localDay } from './zone-offsets.js';

/** The local date an instant falls on, read from Intl each time: the oracle for the calendar. */
const calendarDay = (timezone: string, instant: number) =>
  localDay((t) => IANAZone.create(timezone).offset(t), instant);

const at = (iso: string) => new Date(iso);
const HOUR_MS = 3_600_000;
const ZONES = [
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'UTC',
] as const;
/** Zones whose clocks change at midnight (skipping it, or repeating the hour after it). */
const MIDNIGHT_ZONES = ['America/Santiago', 'America/Havana', 'Africa/Cairo', 'Asia/Beirut'];

const rules = (overrides: Partial<CapacityRules> = {}): CapacityRules => ({
  timezone: 'Europe/London',
  minSpacingMinutes: 0,
  dailyCap: 1,
  ...overrides,
});

/** One more post at `when`, with `taken` already placed: what scheduling asks. */
const placing = (r: CapacityRules, when: Date, taken: Date[]) =>
  channelCapacity(r, when.getTime(), new ChannelCalendar(r.timezone, taken).loadAt(when.getTime()));

describe('channelDay: a channel’s calendar day in its own time zone', () => {
  it.each([
    ['Europe/London', 'spring forward', '2026-03-29T12:00:00Z', '2026-03-29T00:00:00.000Z', 23],
    ['Europe/London', 'fall back', '2026-10-25T12:00:00Z', '2026-10-24T23:00:00.000Z', 25],
    ['America/New_York', 'spring forward', '2026-03-08T12:00:00Z', '2026-03-08T05:00:00.000Z', 23],
    ['America/New_York', 'fall back', '2026-11-01T12:00:00Z', '2026-11-01T04:00:00.000Z', 25],
    ['Asia/Kolkata', 'a half-hour offset', '2026-06-15T12:00:00Z', '2026-06-14T18:30:00.000Z', 24],
    [
      'Australia/Lord_Howe',
      'its half-hour fall back',
      '2026-04-05T06:00:00Z',
      '2026-04-04T13:00:00.000Z',
      24.5,
    ],
    [
      'Australia/Lord_Howe',
      'its half-hour spring forward',
      '2026-10-04T06:00:00Z',
      '2026-10-03T13:30:00.000Z',
      23.5,
    ],
    // Clocks that change at midnight: the day starts where they jump to, or at the first of the
    // two midnights, and ends at the next local midnight.
    [
      'America/Santiago',
      'a skipped midnight',
      '2026-09-06T12:00:00Z',
      '2026-09-06T04:00:00.000Z',
      23,
    ],
    [
      'America/Havana',
      'a repeated midnight hour',
      '2026-11-01T12:00:00Z',
      '2026-11-01T04:00:00.000Z',
      25,
    ],
  ])(
    '%s on %s starts at local midnight and lasts its real length',
    (timezone, _day, instant, start, hours) => {
      const day = channelDay({ timezone }, at(instant));
      expect(day.start.toISOString()).toBe(start);
      expect((day.end.getTime() - day.start.getTime()) / HOUR_MS).toBe(hours);
    },
  );

  it('agrees with calendarDay for every instant and zone: same day inside, the next at its end', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES, ...MIDNIGHT_ZONES),
        fc.date({
          min: at('2020-01-01T00:00:00Z'),
          max: at('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (timezone, instant) => {
          const { start, end } = channelDay({ timezone }, instant);
          const day = calendarDay(timezone, instant.getTime());
          expect(start.getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(end.getTime()).toBeGreaterThan(instant.getTime());
          expect(calendarDay(timezone, start.getTime() - 1)).toBe(day - 1);
          expect(calendarDay(timezone, start.getTime())).toBe(day);
          expect(calendarDay(timezone, end.getTime() - 1)).toBe(day);
          expect(calendarDay(timezone, end.getTime())).toBe(day + 1);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('answers a run of nearby instants in any order as if each were asked alone', () => {
    // Instants on the same day, the next, the one before and across clock changes, in any order,
    // each get their own day, as luxon's startOf('day') finds it where clocks change away from
    // midnight (at midnight it ends a skipped-midnight day an hour late).
    const alone = (timezone: string, instant: Date) => {
      const start = DateTime.fromJSDate(instant, { zone: timezone }).startOf('day');
      return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
    };
    fc.assert(
      fc.property(
        fc.date({
          min: at('2026-03-01T00:00:00Z'),
          max: at('2026-11-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.array(fc.tuple(fc.constantFrom(...ZONES), fc.integer({ min: -72 * 60, max: 72 * 60 })), {
          minLength: 1,
          maxLength: 40,
        }),
        (base, asks) => {
          for (const [timezone, minutes] of asks) {
            const instant = new Date(base.getTime() + minutes * 60_000);
            expect(channelDay({ timezone }, instant)).toEqual(alone(timezone, instant));
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

describe('channelCapacity: the daily cap counts the channel’s local day', () => {
  it('counts a post at 00:10 BST and one at 23:30 GMT on London’s 25-hour day as the same day', () => {
    const r = rules({ timezone: 'Europe/London' });
    // 24 h 20 min apart, yet both on Sunday 25 October 2026 in London.
    const verdict = placing(r, at('2026-10-25T23:30:00Z'), [at('2026-10-24T23:10:00Z')]);
    expect(verdict).toEqual({
      fits: false,
      rule: 'daily_cap',
      sameDay: 1,
      dayEnd: at('2026-10-26T00:00:00Z'),
    });
  });

  it('counts New York’s 23-hour spring-forward day from its own midnight', () => {
    const r = rules({ timezone: 'America/New_York' });
    const first = at('2026-03-08T05:10:00Z'); // 00:10 EST
    expect(placing(r, at('2026-03-09T03:50:00Z'), [first]).fits).toBe(false); // 23:50 EDT, same day
    expect(placing(r, at('2026-03-09T04:10:00Z'), [first]).fits).toBe(true); // 00:10 EDT, next day
  });

  it('turns the day at local midnight in Asia/Kolkata, half an hour off UTC hours', () => {
    const r = rules({ timezone: 'Asia/Kolkata' });
    const lateOn14th = at('2026-06-14T18:29:00Z'); // 23:59 IST
    expect(placing(r, at('2026-06-14T18:31:00Z'), [lateOn14th]).fits).toBe(true); // 00:01 on the 15th
    expect(placing(r, at('2026-06-14T12:00:00Z'), [lateOn14th]).fits).toBe(false); // 17:30 on the 14th
  });

  it('follows Lord Howe’s half-hour fall back (a 24.5-hour day)', () => {
    const r = rules({ timezone: 'Australia/Lord_Howe' });
    const first = at('2026-04-04T13:10:00Z'); // 00:10 LHDT, 5 April
    expect(placing(r, at('2026-04-05T13:20:00Z'), [first]).fits).toBe(false); // 23:50 LHST, 5 April
    expect(placing(r, at('2026-04-05T13:40:00Z'), [first]).fits).toBe(true); // 00:10, 6 April
  });

  it('refuses exactly when the day already holds `dailyCap` posts, in every zone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 1, max: 4 }),
        fc.date({
          min: at('2026-01-01T00:00:00Z'),
          max: at('2026-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.array(fc.integer({ min: -30 * HOUR_MS, max: 30 * HOUR_MS }), { maxLength: 8 }),
        (timezone, dailyCap, instant, offsets) => {
          const taken = [...new Set(offsets.filter((o) => o !== 0))].map(
            (o) => new Date(instant.getTime() + o),
          );
          const { start, end } = channelDay({ timezone }, instant);
          const sameDay = taken.filter((t) => t >= start && t < end).length;
          const verdict = placing(rules({ timezone, dailyCap }), instant, taken);
          expect(verdict.fits).toBe(sameDay < dailyCap);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

describe('channelCapacity: spacing', () => {
  const r = rules({ minSpacingMinutes: 30, dailyCap: 10 });

  it('refuses a post within the spacing on either side and says when the clash ends', () => {
    const other = at('2026-05-01T10:00:00Z');
    expect(placing(r, at('2026-05-01T09:40:00Z'), [other])).toEqual({
      fits: false,
      rule: 'spacing',
      clash: other,
      freeAt: at('2026-05-01T10:30:00Z'),
    });
    expect(placing(r, at('2026-05-01T10:29:59Z'), [other]).fits).toBe(false);
    expect(placing(r, at('2026-05-01T10:30:00Z'), [other]).fits).toBe(true);
  });

  it('checks spacing before the cap', () => {
    const verdict = placing(rules({ minSpacingMinutes: 30 }), at('2026-05-01T10:10:00Z'), [
      at('2026-05-01T10:00:00Z'),
    ]);
    expect(verdict).toMatchObject({ fits: false, rule: 'spacing' });
  });

  it('never lets two placed posts share an instant, while sending without spacing may', () => {
    const now = at('2026-05-01T10:00:00Z');
    const none = rules({ minSpacingMinutes: 0, dailyCap: 10 });
    expect(placing(none, now, [now]).fits).toBe(false);
    expect(
      channelCapacity(none, now.getTime(), {
        neighbours: [now.getTime()],
        sameDay: 1,
        slotted: false,
      }).fits,
    ).toBe(true);
  });
});

describe('ChannelCalendar: the taken instants, indexed', () => {
  const instantArb = fc
    .integer({ min: 0, max: 4 * 24 * HOUR_MS })
    .map((ms) => new Date(Date.parse('2026-03-27T00:00:00Z') + ms));

  it('gives the load the whole list gives, however its posts arrived', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.array(instantArb, { maxLength: 30 }),
        fc.array(instantArb, { maxLength: 10 }),
        fc.array(instantArb, { minLength: 1, maxLength: 10 }),
        (timezone, built, added, probes) => {
          const calendar = new ChannelCalendar(timezone, built);
          for (const at of added) calendar.add(at);
          const all = [...built, ...added];
          for (const probe of probes) {
            const at = probe.getTime();
            const load = calendar.loadAt(at);
            const day = calendarDay(timezone, at);
            expect(load.sameDay).toBe(
              all.filter((t) => calendarDay(timezone, t.getTime()) === day).length,
            );
            // The neighbours are the nearest taken instant on either side.
            const before = all.filter((t) => t.getTime() < at).map((t) => t.getTime());
            const from = all.filter((t) => t.getTime() >= at).map((t) => t.getTime());
            expect(load.neighbours).toEqual([
              ...(before.length > 0 ? [Math.max(...before)] : []),
              ...(from.length > 0 ? [Math.min(...from)] : []),
            ]);
            expect(calendar.holds(at)).toBe(all.some((t) => t.getTime() === at));
          }
        },
      ),
    );
  });
});
