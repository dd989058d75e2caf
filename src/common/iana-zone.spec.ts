import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { isIanaZone } from './iana-zone.js';

const ZONES = Intl.supportedValuesOf('timeZone');

/** A zone name in any spelling of its case, or a string that is most likely no zone at all. */
const name = fc.oneof(
  fc
    .tuple(fc.constantFrom(...ZONES), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }))
    .map(([zone, upper]) =>
      [...zone].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''),
    ),
  fc.constantFrom(...ZONES),
  fc.string(),
  fc.constantFrom('', 'Europe/Londn', 'UTC+1', 'Mars/Olympus_Mons', 'Etc/GMT+5', 'utc'),
);

describe('isIanaZone', () => {
  it('answers as luxon does, however often a name is asked', () => {
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 30 }), (names) => {
        for (const n of [...names, ...names])
          expect([n, isIanaZone(n)]).toEqual([n, IANAZone.isValidZone(n)]);
      }),
    );
  });
});
