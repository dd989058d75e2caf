import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { countByLocalDate, zoneOffsets } from './zone-offsets.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Every zone this runtime's Intl knows, as a channel may name any of them. */
const ZONES = Intl.supportedValuesOf('timeZone');
/** Zones whose clocks change within a year: twice (daylight saving), by half an hour, or around Ramadan. */
const CHANGING = ['Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Africa/Casablanca'];

const period = fc.record({
  from: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2030, 0, 1) }),
  days: fc.integer({ min: 1, max: 70 }),
});

describe('zoneOffsets', () => {
  it('gives the offset Intl gives, at any instant and in any order, in every zone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        period,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (name, { from, days }, fractions) => {
          const zone = IANAZone.create(name);
          const to = from + days * DAY_MS;
          // Through the process's memory of the zone, as every search reads it.
          const offsetAt = zoneOffsets(zone);
          for (const fraction of fractions) {
            const instant = Math.round(from + fraction * (to - from));
            expect(offsetAt(instant)).toBe(zone.offset(instant));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('changes offset at the very millisecond Intl does', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CHANGING), period, (name, { from, days }) => {
        const zone = IANAZone.create(name);
        const to = from + days * DAY_MS;
        const offsetAt = zoneOffsets(zone);
        // The hours in which the offset changes, found by reading every hour: around each, every
        // minute and the millisecond before it.
        for (let hour = from; hour < to; hour += HOUR_MS) {
          if (zone.offset(hour) === zone.offset(Math.min(hour + HOUR_MS, to))) continue;
          for (let minute = hour; minute <= hour + HOUR_MS; minute += MINUTE_MS)
            for (const instant of [minute - 1, minute])
              expect([instant, offsetAt(instant)]).toEqual([instant, zone.offset(instant)]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('finds the London spring change of 2027 at 01:00 UTC', () => {
    const zone = IANAZone.create('Europe/London');
    const offsetAt = zoneOffsets(zone);
    expect(offsetAt(Date.UTC(2027, 2, 28, 1) - 1)).toBe(0);
    expect(offsetAt(Date.UTC(2027, 2, 28, 1))).toBe(60);
  });
});

describe('countByLocalDate', () => {
  it('counts each instant on the date a wall calendar in the zone shows, in any zone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES, ...CHANGING, 'America/Havana', 'Pacific/Kiritimati'),
        period,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 60 }),
        (name, { from, days }, fractions) => {
          const instants = fractions.map((f) => Math.round(from + f * days * DAY_MS));
          // The oracle: Intl's own calendar date (en-CA writes YYYY-MM-DD), read afresh each time.
          const dateIn = new Intl.DateTimeFormat('en-CA', { timeZone: name });
          const expected = new Map<string, number>();
          for (const instant of instants) {
            const date = dateIn.format(instant);
            expected.set(date, (expected.get(date) ?? 0) + 1);
          }
          const counted = countByLocalDate(zoneOffsets(IANAZone.create(name)), instants);
          expect(counted).toEqual(
            [...expected]
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([date, count]) => ({ date, count })),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
