import { IANAZone } from 'luxon';
import { LruMap } from './lru-map.js';

/**
 * Names already found to be IANA time zones. Luxon checks a name by building an
 * `Intl.DateTimeFormat`, 0.2–0.4 ms of CPU, on every request that carries a zone (a report's
 * daily series spent 3 % of its computation there) and every slot search. Bounded, because Intl
 * also accepts every upper- and lower-case spelling of a name.
 */
const known = new LruMap<string, true>(1_000);

/** Whether `name` is an IANA time zone this runtime knows, such as Europe/London. */
export function isIanaZone(name: string): boolean {
  if (known.get(name)) return true;
  if (!IANAZone.isValidZone(name)) return false;
  known.set(name, true);
  return true;
}
