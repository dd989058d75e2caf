import type { IANAZone } from 'luxon';
import { LruMap } from '../common/lru-map.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A time zone's UTC offset at an instant (epoch ms), in minutes, as luxon's `zone.offset`. */
export type OffsetReader = (instant: number) => number;

/** What the process has learnt of one zone's offsets, by UTC day number. */
interface ZoneMemo {
  atMidnight: Map<number, number>;
  /** Of the days whose two ends differ: the day's first instant on the later offset. */
  changes: Map<number, number>;
}

/** Per zone name; the rules of a zone cannot change while the process runs. */
const memos = new LruMap<string, ZoneMemo>(1_000);
/** About eleven years of days per zone, far more than any search reads around now. */
const MAX_DAYS_PER_ZONE = 4_096;

/**
 * The zone's offsets, remembered by UTC day for the life of the process: luxon converts each
 * instant with Intl (`formatToParts`), and a search converted thousands of them, one or two per
 * slot and one per post it counted, most of what listing slots cost (bench/placement.ts). Each
 * UTC midnight is converted once; a day whose two ends agree has that offset throughout, and a
 * day whose ends differ has its change found to the millisecond by bisection, once. Exact as long
 * as a zone's offset changes at most once within a UTC day: daylight saving and every rule of the
 * time zone database do, as wallClockToInstant (which reads only the offsets a day either side of
 * a slot) also assumes.
 */
export function zoneOffsets(zone: IANAZone): OffsetReader {
  let memo = memos.get(zone.name);
  if (!memo) memos.set(zone.name, (memo = { atMidnight: new Map(), changes: new Map() }));
  const { atMidnight, changes } = memo;
  const midnight = (day: number) => {
    let offset = atMidnight.get(day);
    if (offset === undefined) {
      if (atMidnight.size >= MAX_DAYS_PER_ZONE) atMidnight.clear();
      atMidnight.set(day, (offset = zone.offset(day * DAY_MS)));
    }
    return offset;
  };
  // The last few UTC days read whose two ends agree, by day number modulo 4: a slot listing reads
  // the same few days over and over (wallClockToInstant reads the day before and the day after
  // each slot, two apart), and two map lookups a reading were most of what a reading cost.
  const steadyDays = [NaN, NaN, NaN, NaN];
  const steadyOffsets = [0, 0, 0, 0];
  return (instant) => {
    const day = Math.floor(instant / DAY_MS);
    const line = day & 3;
    if (steadyDays[line] === day) return steadyOffsets[line]!;
    const before = midnight(day);
    const after = midnight(day + 1);
    if (before === after) {
      steadyDays[line] = day;
      steadyOffsets[line] = before;
      return before;
    }
    let change = changes.get(day);
    if (change === undefined) {
      let earlier = day * DAY_MS;
      change = earlier + DAY_MS;
      while (change - earlier > 1) {
        const mid = Math.floor((earlier + change) / 2);
        if (zone.offset(mid) === after) change = mid;
        else earlier = mid;
      }
      if (changes.size >= MAX_DAYS_PER_ZONE) changes.clear();
      changes.set(day, change);
    }
    return instant < change ? before : after;
  };
}

/**
 * The calendar date `instant` falls on where the offsets are read, as days since 1970-01-01:
 * equal numbers, same local day. Offsets are whole minutes, half hours included (Asia/Kolkata,
 * Australia/Lord_Howe), so this holds on daylight-saving days too.
 */
export function localDay(offsetAt: OffsetReader, instant: number): number {
  return Math.floor((instant + offsetAt(instant) * MINUTE_MS) / DAY_MS);
}

/**
 * The instant a local wall-clock time denotes. A time that occurs twice (clocks go back) is its
 * first occurrence, so a slot is used once. A time that does not exist (clocks go forward) is read
 * with the offset in force before the jump, which moves it forward by the length of the gap
 * (01:30 on London's spring-forward day is 02:30 BST): the RFC 5545 rule calendars follow, and it
 * keeps a slot's distance from its neighbours.
 */
export function wallClockToInstant(
  offsetAt: OffsetReader,
  day: number,
  minuteOfDay: number,
): number {
  const wall = day * DAY_MS + minuteOfDay * MINUTE_MS;
  const offsetBefore = offsetAt(wall - DAY_MS);
  const offsetAfter = offsetAt(wall + DAY_MS);
  const before = wall - offsetBefore * MINUTE_MS;
  // No change around it (all but a few days a year): one reading, whichever way it reads back.
  // The calendar asks this for every slot it draws, so this path allocates nothing.
  if (offsetBefore === offsetAfter) return before;
  const after = wall - offsetAfter * MINUTE_MS;
  const readsBack = (instant: number) => instant + offsetAt(instant) * MINUTE_MS === wall;
  if (readsBack(before)) return readsBack(after) ? Math.min(before, after) : before;
  return readsBack(after) ? after : before;
}

/**
 * How many of `instants` fall on each calendar date (YYYY-MM-DD) where the offsets are read,
 * dates ascending, those with none left out.
 */
export function countByLocalDate(
  offsetAt: OffsetReader,
  instants: Iterable<number>,
): { date: string; count: number }[] {
  const counts = new Map<number, number>();
  for (const instant of instants) {
    const day = localDay(offsetAt, instant);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([day, count]) => ({ date: new Date(day * DAY_MS).toISOString().slice(0, 10), count }));
}
