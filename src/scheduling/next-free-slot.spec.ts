import fc from 'fast-check';
import { IANAZone } from 'luxon';
import {
  InvalidPostingSchedule,
  nextFreeSlot,
  openSlots,
  type SlotSearch,
  slotsBetween,
  validatePostingSchedule,
} from './next-free-slot.js';
import type { WeeklySlot } from '../db/schema/index.js';
import { wallClockToInstant, zoneOffsets } from './zone-offsets.js';

const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;
const EVERY_DAY = (time: string): WeeklySlot[] =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, time }));

const search = (overrides: Partial<SlotSearch> & Pick<SlotSearch, 'after'>): SlotSearch => ({
  timezone: 'Europe/London',
  weeklySlots: EVERY_DAY('09:00'),
  minSpacingMinutes: 0,
  dailyCap: 10,
  taken: [],
  blackouts: [],
  ...overrides,
});

describe('nextFreeSlot: daylight saving in Europe/London', () => {
  it('keeps 09:00 local across the spring change (UTC moves from 09:00 to 08:00)', () => {
    const slots = slotsBetween({
      timezone: 'Europe/London',
      weeklySlots: EVERY_DAY('09:00'),
      from: at('2026-03-28T00:00:00Z'),
      to: at('2026-03-30T00:00:00Z'),
    });
    expect(slots.map(iso)).toEqual(['2026-03-28T09:00:00.000Z', '2026-03-29T08:00:00.000Z']);
  });

  it('moves a slot in the skipped hour (01:30 on 29 March 2026) forward by the gap, to 02:30 BST', () => {
    const sundays = search({
      after: at('2026-03-28T12:00:00Z'),
      weeklySlots: [{ weekday: 7, time: '01:30' }],
    });
    expect(iso(nextFreeSlot(sundays))).toBe('2026-03-29T01:30:00.000Z');
    // the Sundays either side are ordinary: 01:30 GMT and 01:30 BST
    expect(iso(nextFreeSlot({ ...sundays, after: at('2026-03-21T12:00:00Z') }))).toBe(
      '2026-03-22T01:30:00.000Z',
    );
    expect(iso(nextFreeSlot({ ...sundays, after: at('2026-03-29T02:00:00Z') }))).toBe(
      '2026-04-05T00:30:00.000Z',
    );
  });

  it('yields one slot when a skipped time is shifted onto another configured time', () => {
    const slots = slotsBetween({
      timezone: 'Europe/London',
      weeklySlots: [
        { weekday: 7, time: '01:30' },
        { weekday: 7, time: '02:30' },
      ],
      from: at('2026-03-29T00:00:00Z'),
      to: at('2026-03-30T00:00:00Z'),
    });
    expect(slots.map(iso)).toEqual(['2026-03-29T01:30:00.000Z']);
  });

  it('uses a repeated time (01:30 on 25 October 2026) once, at its first occurrence (BST)', () => {
    const sundays = { timezone: 'Europe/London', weeklySlots: [{ weekday: 7, time: '01:30' }] };
    expect(
      slotsBetween({
        ...sundays,
        from: at('2026-10-24T00:00:00Z'),
        to: at('2026-10-26T00:00:00Z'),
      }).map(iso),
    ).toEqual(['2026-10-25T00:30:00.000Z']);
    const first = search({ ...sundays, after: at('2026-10-24T12:00:00Z') });
    expect(iso(nextFreeSlot(first))).toBe('2026-10-25T00:30:00.000Z');
    // once taken, the second 01:30 (01:30 GMT) is not offered; the next Sunday is
    expect(iso(nextFreeSlot({ ...first, taken: [at('2026-10-25T00:30:00Z')] }))).toBe(
      '2026-11-01T01:30:00.000Z',
    );
  });
});

describe('nextFreeSlot: daylight saving in America/New_York', () => {
  const newYork = (after: string, weeklySlots: WeeklySlot[]) =>
    search({ timezone: 'America/New_York', after: at(after), weeklySlots });

  it('keeps 09:00 local across the spring change (UTC moves from 14:00 to 13:00)', () => {
    const slots = slotsBetween({
      timezone: 'America/New_York',
      weeklySlots: EVERY_DAY('09:00'),
      from: at('2026-03-07T00:00:00Z'),
      to: at('2026-03-09T00:00:00Z'),
    });
    expect(slots.map(iso)).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z']);
  });

  it('moves 02:30 on 8 March 2026, which does not exist, to 03:30 EDT', () => {
    expect(
      iso(nextFreeSlot(newYork('2026-03-07T12:00:00Z', [{ weekday: 7, time: '02:30' }]))),
    ).toBe('2026-03-08T07:30:00.000Z');
  });

  it('uses 01:30 on 1 November 2026, which happens twice, once: the EDT occurrence', () => {
    const sundays = newYork('2026-10-31T12:00:00Z', [{ weekday: 7, time: '01:30' }]);
    expect(iso(nextFreeSlot(sundays))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(nextFreeSlot({ ...sundays, taken: [at('2026-11-01T05:30:00Z')] }))).toBe(
      '2026-11-08T06:30:00.000Z',
    );
  });

  it('keeps 09:00 local across the autumn change (UTC moves from 13:00 to 14:00)', () => {
    const slots = slotsBetween({
      timezone: 'America/New_York',
      weeklySlots: EVERY_DAY('09:00'),
      from: at('2026-10-31T00:00:00Z'),
      to: at('2026-11-02T00:00:00Z'),
    });
    expect(slots.map(iso)).toEqual(['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z']);
  });
});

describe('slotsBetween: a channel’s calendar', () => {
  const DAY_MS = 86_400_000;
  const pad = (n: number) => String(n).padStart(2, '0');

  /** The definition: each day's configured times read by wallClockToInstant, once each, in order. */
  function definedSlots(timezone: string, weeklySlots: WeeklySlot[], from: number, to: number) {
    const offsetAt = zoneOffsets(IANAZone.create(timezone));
    const found = new Set<number>();
    for (let day = Math.floor(from / DAY_MS) - 2; day <= Math.floor(to / DAY_MS) + 2; day++) {
      const weekday = ((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 1;
      for (const slot of weeklySlots.filter((s) => s.weekday === weekday)) {
        const [hours, minutes] = slot.time.split(':').map(Number) as [number, number];
        const instant = wallClockToInstant(offsetAt, day, hours * 60 + minutes);
        if (instant >= from && instant < to) found.add(instant);
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  it('lists every configured local time of every day once, ascending, across clock changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'Europe/London',
          'America/New_York',
          'Australia/Lord_Howe',
          'America/Santiago',
          'America/Havana',
          'Africa/Cairo',
          'Pacific/Apia',
          'Asia/Kolkata',
        ),
        fc.uniqueArray(
          fc.record({
            weekday: fc.integer({ min: 1, max: 7 }),
            time: fc
              .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
              .map(([h, m]) => `${pad(h)}:${pad(m)}`),
          }),
          { selector: (s) => `${s.weekday} ${s.time}`, maxLength: 40 },
        ),
        fc.integer({
          min: Date.parse('2010-01-01T00:00:00Z'),
          max: Date.parse('2030-01-01T00:00:00Z'),
        }),
        fc.integer({ min: 0, max: 62 * DAY_MS }),
        (timezone, weeklySlots, from, length) => {
          const to = from + length;
          const listed = slotsBetween({
            timezone,
            weeklySlots,
            from: new Date(from),
            to: new Date(to),
          });
          expect(listed.map((d) => d.getTime())).toEqual(
            definedSlots(timezone, weeklySlots, from, to),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('nextFreeSlot: the first of the open slots', () => {
  it('takes the first slot the calendar shows open over its horizon, however far away', () => {
    const base = Date.parse('2026-03-20T00:00:00Z'); // the horizon spans spring-forward nights
    const instant = (max: number) => fc.integer({ min: 0, max }).map((ms) => new Date(base + ms));
    const week = 7 * 24 * 3_600_000;
    fc.assert(
      fc.property(
        fc.record({
          timezone: fc.constantFrom('Europe/London', 'Australia/Lord_Howe', 'America/Santiago'),
          weeklySlots: fc.uniqueArray(
            fc.record({
              weekday: fc.integer({ min: 1, max: 7 }),
              time: fc
                .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
                .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
            }),
            { maxLength: 6, selector: (s) => `${s.weekday} ${s.time}` },
          ),
          minSpacingMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
          dailyCap: fc.integer({ min: 1, max: 3 }),
          taken: fc.array(instant(5 * week), { maxLength: 40 }),
          blackouts: fc.array(
            fc
              .tuple(instant(5 * week), fc.integer({ min: 1, max: week }))
              .map(([start, ms]) => ({ start, end: new Date(start.getTime() + ms) })),
            { maxLength: 2 },
          ),
          after: instant(2 * week),
          horizonDays: fc.integer({ min: 1, max: 40 }),
        }),
        (search) => {
          const to = new Date(search.after.getTime() + search.horizonDays * 86_400_000);
          const [first] = openSlots({ ...search, to });
          expect(iso(nextFreeSlot(search))).toBe(iso(first ?? null));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('nextFreeSlot: channel rules', () => {
  const june = at('2026-06-01T00:00:00Z'); // Monday; London is on BST (UTC+1)
  const twiceDaily = [...EVERY_DAY('09:00'), ...EVERY_DAY('09:30')];

  it('returns the first slot at or after `after`, inclusive', () => {
    expect(iso(nextFreeSlot(search({ after: june })))).toBe('2026-06-01T08:00:00.000Z');
    expect(iso(nextFreeSlot(search({ after: at('2026-06-01T08:00:00Z') })))).toBe(
      '2026-06-01T08:00:00.000Z',
    );
    expect(iso(nextFreeSlot(search({ after: at('2026-06-01T08:00:01Z') })))).toBe(
      '2026-06-02T08:00:00.000Z',
    );
  });

  it('skips a slot that is already taken', () => {
    const result = nextFreeSlot(search({ after: june, taken: [at('2026-06-01T08:00:00Z')] }));
    expect(iso(result)).toBe('2026-06-02T08:00:00.000Z');
  });

  it('skips slots closer than the minimum spacing to a taken post, before or after it', () => {
    const base = search({ after: june, weeklySlots: twiceDaily, minSpacingMinutes: 60 });
    // a post at 09:00 local blocks 09:30
    expect(iso(nextFreeSlot({ ...base, taken: [at('2026-06-01T08:00:00Z')] }))).toBe(
      '2026-06-02T08:00:00.000Z',
    );
    // a post at 09:45 local blocks both 09:00 and 09:30 (45 and 15 minutes away)
    expect(iso(nextFreeSlot({ ...base, taken: [at('2026-06-01T08:45:00Z')] }))).toBe(
      '2026-06-02T08:00:00.000Z',
    );
    // a post at 08:00 local blocks 09:00 only when spacing exceeds the hour
    expect(iso(nextFreeSlot({ ...base, taken: [at('2026-06-01T07:00:00Z')] }))).toBe(
      '2026-06-01T08:00:00.000Z',
    );
    expect(
      iso(nextFreeSlot({ ...base, minSpacingMinutes: 61, taken: [at('2026-06-01T07:00:00Z')] })),
    ).toBe('2026-06-01T08:30:00.000Z');
  });

  it('counts the daily cap per local calendar day, not per UTC day', () => {
    const newYork = search({
      timezone: 'America/New_York',
      after: at('2026-05-04T12:00:00Z'), // 08:00 EDT, Monday 4 May
      weeklySlots: EVERY_DAY('09:00'),
      dailyCap: 1,
      // 22:00 EDT on 4 May, which is already 5 May in UTC
      taken: [at('2026-05-05T02:00:00Z')],
    });
    expect(iso(nextFreeSlot(newYork))).toBe('2026-05-05T13:00:00.000Z');
  });

  it('moves to the next day once the cap is reached', () => {
    const capped = search({
      after: june,
      weeklySlots: twiceDaily,
      dailyCap: 2,
      taken: [at('2026-06-01T05:00:00Z'), at('2026-06-01T19:00:00Z')],
    });
    expect(iso(nextFreeSlot(capped))).toBe('2026-06-02T08:00:00.000Z');
    expect(iso(nextFreeSlot({ ...capped, dailyCap: 3 }))).toBe('2026-06-01T08:00:00.000Z');
  });

  it('skips slots inside a blackout [start, end) and resumes at its end', () => {
    const blackout = { start: at('2026-06-01T08:00:00Z'), end: at('2026-06-02T08:00:00Z') };
    expect(iso(nextFreeSlot(search({ after: june, blackouts: [blackout] })))).toBe(
      '2026-06-02T08:00:00.000Z',
    );
    const longer = { ...blackout, end: at('2026-06-02T08:00:00.001Z') };
    expect(iso(nextFreeSlot(search({ after: june, blackouts: [longer] })))).toBe(
      '2026-06-03T08:00:00.000Z',
    );
  });

  it('applies every rule together', () => {
    const result = nextFreeSlot(
      search({
        after: june,
        weeklySlots: twiceDaily,
        minSpacingMinutes: 30,
        dailyCap: 2,
        taken: [at('2026-06-01T05:00:00Z'), at('2026-06-01T19:00:00Z'), at('2026-06-03T08:20:00Z')],
        blackouts: [{ start: at('2026-06-02T00:00:00Z'), end: at('2026-06-03T00:00:00Z') }],
      }),
    );
    // 1 June capped, 2 June blacked out, 3 June 09:00 and 09:30 within 30 min of 09:20 → 4 June
    expect(iso(result)).toBe('2026-06-04T08:00:00.000Z');
  });

  it('returns null when the channel has no slots', () => {
    expect(nextFreeSlot(search({ after: june, weeklySlots: [] }))).toBeNull();
  });

  it('returns null when nothing is free within the horizon', () => {
    const tuesday = at('2026-06-02T00:00:00Z');
    const mondays = search({ after: tuesday, weeklySlots: [{ weekday: 1, time: '09:00' }] });
    expect(nextFreeSlot({ ...mondays, horizonDays: 6 })).toBeNull();
    expect(iso(nextFreeSlot({ ...mondays, horizonDays: 7 }))).toBe('2026-06-08T08:00:00.000Z');
    const allBlackedOut = { start: tuesday, end: at('2027-01-01T00:00:00Z') };
    expect(nextFreeSlot({ ...mondays, blackouts: [allBlackedOut] })).toBeNull();
  });

  it('looks 60 days ahead by default', () => {
    // 30 July 09:00 BST is 59 days 8 hours after `after`; 31 July 09:00 BST is past 60 days
    const until = (end: string) =>
      search({ after: june, blackouts: [{ start: june, end: at(end) }] });
    expect(iso(nextFreeSlot(until('2026-07-30T00:00:00Z')))).toBe('2026-07-30T08:00:00.000Z');
    expect(nextFreeSlot(until('2026-07-31T00:00:00Z'))).toBeNull();
    expect(iso(nextFreeSlot({ ...until('2026-07-31T00:00:00Z'), horizonDays: 61 }))).toBe(
      '2026-07-31T08:00:00.000Z',
    );
  });
});

describe('posting schedule validation', () => {
  const schedule = {
    timezone: 'Europe/London',
    weeklySlots: EVERY_DAY('09:00'),
    minSpacingMinutes: 60,
    dailyCap: 3,
  };

  it('accepts a sound schedule', () => {
    expect(validatePostingSchedule(schedule)).toEqual([]);
  });

  it('throws a typed error naming the field for an unknown timezone', () => {
    let thrown: unknown;
    try {
      nextFreeSlot(search({ after: at('2026-06-01T00:00:00Z'), timezone: 'Europe/Atlantis' }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidPostingSchedule);
    expect((thrown as InvalidPostingSchedule).errors).toEqual([
      {
        field: 'timezone',
        rule: 'ianaTimezone',
        message: '"Europe/Atlantis" is not an IANA timezone such as Europe/London',
      },
    ]);
  });

  it('lists every bad field at once', () => {
    const errors = validatePostingSchedule({
      timezone: 'GMT+3',
      weeklySlots: [
        { weekday: 0, time: '09:00' },
        { weekday: 8, time: '24:00' },
        { weekday: 3, time: '9:00' },
      ],
      minSpacingMinutes: -5,
      dailyCap: 0,
    });
    expect(errors.map((e) => [e.field, e.rule])).toEqual([
      ['timezone', 'ianaTimezone'],
      ['weeklySlots[0].weekday', 'isoWeekday'],
      ['weeklySlots[1].weekday', 'isoWeekday'],
      ['weeklySlots[1].time', 'timeOfDay'],
      ['weeklySlots[2].time', 'timeOfDay'],
      ['minSpacingMinutes', 'min'],
      ['dailyCap', 'min'],
    ]);
  });

  it('refuses an invalid search window or blackout', () => {
    const bad = search({
      after: new Date(Number.NaN),
      blackouts: [{ start: at('2026-06-02T00:00:00Z'), end: at('2026-06-01T00:00:00Z') }],
      horizonDays: 0,
    });
    let thrown: unknown;
    try {
      nextFreeSlot(bad);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as InvalidPostingSchedule).errors.map((e) => e.field)).toEqual([
      'after',
      'blackouts[0]',
      'horizonDays',
    ]);
    expect(() =>
      slotsBetween({
        timezone: 'Nowhere/Else',
        weeklySlots: [],
        from: at('2026-06-01T00:00:00Z'),
        to: at('2026-06-02T00:00:00Z'),
      }),
    ).toThrow(InvalidPostingSchedule);
  });
});
