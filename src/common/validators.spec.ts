import fc from 'fast-check';
import { isStorableDateTime, isStorableDay } from './validators.js';

const FIRST = new Date('0001-01-02T00:00:00Z');
const LAST = new Date('9999-12-31T00:00:00Z');

describe('the date rule', () => {
  it('accepts every instant in range as JavaScript writes it, and its calendar day', () => {
    fc.assert(
      fc.property(fc.date({ min: FIRST, max: LAST, noInvalidDate: true }), (date) => {
        const iso = date.toISOString();
        expect(isStorableDateTime(iso)).toBe(true);
        expect(isStorableDay(iso.slice(0, 10))).toBe(true);
      }),
    );
  });

  it('reads back whatever it accepts as the same valid instant, within years 1-9999', () => {
    const twoDigits = (max: number) =>
      fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const candidate = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')),
        twoDigits(13),
        twoDigits(32),
        twoDigits(25),
        twoDigits(61),
        twoDigits(61),
        fc.constantFrom('Z', '+00:00', '+14:00', '-12:00', '+24:00', '-15:30', '+05:75'),
      )
      .map(([y, mo, d, h, mi, s, zone]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`);
    fc.assert(
      fc.property(candidate, (value) => {
        if (!isStorableDateTime(value)) return;
        const instant = new Date(value);
        expect(Number.isNaN(instant.getTime())).toBe(false);
        expect(instant >= FIRST && instant <= LAST).toBe(true);
        expect(value.slice(5, 7) <= '12' && value.slice(11, 13) <= '23').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    '2026-W10-2',
    '2026-060',
    '20261201T120000Z',
    '2026-12-01T12:00:00',
    '2026-12-01',
    '0000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2026-12-01T12:00:00+24:00',
    '2026-12-01T12:00:00+14:30',
    '2026-02-29T12:00:00Z',
    '2026-12-01T24:00:00Z',
    '2026-12-01t12:00:00z',
    '2026-12-01 12:00:00Z',
  ])('refuses %s as a date-time', (value) => {
    expect(isStorableDateTime(value)).toBe(false);
  });

  it.each(['0000-01-01', '2026-02-29', '2026-13-01', '2026-W10', '20261201', '2026-1-1'])(
    'refuses %s as a day',
    (value) => {
      expect(isStorableDay(value)).toBe(false);
    },
  );
});
