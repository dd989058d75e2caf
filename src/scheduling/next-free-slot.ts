import { IANAZone } from 'luxon';
import type { FieldError } from '../common/domain-errors.js';
import { isIanaZone } from '../common/iana-zone.js';
import type { WeeklySlot } from '../db/schema/index.js';
import { ChannelCalendar, channelCapacity } from './channel-capacity.js';
import { localDay, type OffsetReader, wallClockToInstant, zoneOffsets } from './zone-offsets.js';

/** A half-open interval [start, end) in which nothing may be published. */
export interface Blackout {
  start: Date;
  end: Date;
}

/** How a channel posts: its weekly slots in an IANA timezone, spacing and daily cap. */
export interface PostingSchedule {
  timezone: string;
  weeklySlots: readonly WeeklySlot[];
  /** Two posts closer than this (in either direction) conflict. */
  minSpacingMinutes: number;
  /** Most posts per calendar day in the channel's timezone. */
  dailyCap: number;
}

export interface SlotSearch extends PostingSchedule {
  /** Earliest acceptable instant; a slot exactly at `after` qualifies. */
  after: Date;
  /** Instants already scheduled or published on the channel (excluding the post being placed). */
  taken: readonly Date[];
  blackouts: readonly Blackout[];
  /** How far past `after` to look before giving up. */
  horizonDays?: number;
}

export const DEFAULT_HORIZON_DAYS = 60;

/** Thrown for a schedule or search the finder cannot run; `errors` are ready for a 400 problem. */
export class InvalidPostingSchedule extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'InvalidPostingSchedule';
  }
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

const isInstant = (value: unknown): value is Date =>
  value instanceof Date && !Number.isNaN(value.getTime());

function validateCalendar(timezone: string, weeklySlots: readonly WeeklySlot[]): FieldError[] {
  const errors: FieldError[] = [];
  if (!isIanaZone(timezone)) {
    errors.push({
      field: 'timezone',
      rule: 'ianaTimezone',
      message: `"${timezone}" is not an IANA timezone such as Europe/London`,
    });
  }
  weeklySlots.forEach((slot, i) => {
    if (!Number.isInteger(slot.weekday) || slot.weekday < 1 || slot.weekday > 7) {
      errors.push({
        field: `weeklySlots[${i}].weekday`,
        rule: 'isoWeekday',
        message: `weekday must be 1 (Monday) to 7 (Sunday), not ${slot.weekday}`,
      });
    }
    if (!TIME_OF_DAY.test(slot.time)) {
      errors.push({
        field: `weeklySlots[${i}].time`,
        rule: 'timeOfDay',
        message: `time must be HH:MM between 00:00 and 23:59, not "${slot.time}"`,
      });
    }
  });
  return errors;
}

/** Every problem with a channel's posting configuration; empty when the finder can use it. */
export function validatePostingSchedule(schedule: PostingSchedule): FieldError[] {
  const errors = validateCalendar(schedule.timezone, schedule.weeklySlots);
  if (!Number.isInteger(schedule.minSpacingMinutes) || schedule.minSpacingMinutes < 0) {
    errors.push({
      field: 'minSpacingMinutes',
      rule: 'min',
      message: 'minSpacingMinutes must be a whole number of minutes, 0 or more',
    });
  }
  // A channel that must not post is disabled, not given a cap of 0.
  if (!Number.isInteger(schedule.dailyCap) || schedule.dailyCap < 1) {
    errors.push({
      field: 'dailyCap',
      rule: 'min',
      message: 'dailyCap must be a whole number, 1 or more',
    });
  }
  return errors;
}

function validateSearch(search: SlotSearch): FieldError[] {
  const errors = validatePostingSchedule(search);
  if (!isInstant(search.after)) {
    errors.push({ field: 'after', rule: 'instant', message: 'after must be a valid instant' });
  }
  search.taken.forEach((instant, i) => {
    if (!isInstant(instant)) {
      errors.push({
        field: `taken[${i}]`,
        rule: 'instant',
        message: 'taken instants must be valid',
      });
    }
  });
  search.blackouts.forEach((window, i) => {
    if (!isInstant(window.start) || !isInstant(window.end) || window.end <= window.start) {
      errors.push({
        field: `blackouts[${i}]`,
        rule: 'window',
        message: 'a blackout needs a valid start before its end',
      });
    }
  });
  const horizon = search.horizonDays ?? DEFAULT_HORIZON_DAYS;
  if (!Number.isInteger(horizon) || horizon < 1) {
    errors.push({
      field: 'horizonDays',
      rule: 'min',
      message: 'horizonDays must be a whole number, 1 or more',
    });
  }
  return errors;
}

/** ISO weekday (Monday = 1) of a day number; day 0, 1970-01-01, was a Thursday. */
const isoWeekday = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;

function slotInstants(
  offsetAt: OffsetReader,
  weeklySlots: readonly WeeklySlot[],
  from: number,
  to: number,
): number[] {
  // Minutes of the day by ISO weekday, ascending: a month of a busy calendar is thousands of
  // slots, and this loop runs once for each (bench/placement.ts, GET /api/slots/days).
  const minutesByWeekday: number[][] = Array.from({ length: 8 }, () => []);
  // Times are HH:MM (validateCalendar).
  for (const { weekday, time } of weeklySlots)
    minutesByWeekday[weekday]!.push(Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)));
  for (const minutes of minutesByWeekday) minutes.sort((a, b) => a - b);
  const found: number[] = [];
  // One day of margin each side: a local day straddles two UTC days.
  for (let day = localDay(offsetAt, from) - 1; day <= localDay(offsetAt, to) + 1; day++) {
    for (const minuteOfDay of minutesByWeekday[isoWeekday(day)]!) {
      const instant = wallClockToInstant(offsetAt, day, minuteOfDay);
      if (instant >= from && instant < to) found.push(instant);
    }
  }
  // Ascending already, but on days the clocks change: there two slot times can also land on one
  // instant (a skipped time shifted onto a configured one), which is one slot.
  if (found.some((instant, i) => i > 0 && instant <= found[i - 1]!)) {
    found.sort((a, b) => a - b);
    let unique = 0;
    for (const instant of found)
      if (unique === 0 || found[unique - 1] !== instant) found[unique++] = instant;
    found.length = unique;
  }
  return found;
}

/** Every configured slot instant in [from, to), ascending and unique: the channel's calendar. */
export function slotsBetween(input: {
  timezone: string;
  weeklySlots: readonly WeeklySlot[];
  from: Date;
  to: Date;
}): Date[] {
  const errors = validateCalendar(input.timezone, input.weeklySlots);
  if (!isInstant(input.from))
    errors.push({ field: 'from', rule: 'instant', message: 'from must be a valid instant' });
  if (!isInstant(input.to))
    errors.push({ field: 'to', rule: 'instant', message: 'to must be a valid instant' });
  if (errors.length > 0) throw new InvalidPostingSchedule(errors);
  const offsetAt = zoneOffsets(IANAZone.create(input.timezone));
  return slotInstants(offsetAt, input.weeklySlots, input.from.getTime(), input.to.getTime()).map(
    (instant) => new Date(instant),
  );
}

/** Whether a slot instant is free: spacing and daily cap (`channelCapacity`) and no blackout. */
function freeSlotTest(search: SlotSearch): (instant: number) => boolean {
  const calendar = new ChannelCalendar(search.timezone, search.taken);
  const blackouts = search.blackouts.map((w) => [w.start.getTime(), w.end.getTime()] as const);
  return (instant) => {
    if (!channelCapacity(search, instant, calendar.loadAt(instant)).fits) return false;
    for (const [start, end] of blackouts) if (start <= instant && instant < end) return false;
    return true;
  };
}

/**
 * The free slots in [after, to), ascending (only the first when `first`: the scheduler needs no
 * more); throws InvalidPostingSchedule for unusable input.
 */
function freeSlots(search: SlotSearch, to: number, first = false): number[] {
  const errors = validateSearch(search);
  if (errors.length > 0) throw new InvalidPostingSchedule(errors);
  const offsetAt = zoneOffsets(IANAZone.create(search.timezone));
  const isFree = freeSlotTest(search);
  const after = search.after.getTime();
  if (!first) return slotInstants(offsetAt, search.weeklySlots, after, to).filter(isFree);
  // A week at a time: the first free slot is mostly days away, and listing the whole horizon's
  // slots first was most of a search's cost (bench/placement.ts).
  for (let from = after; from < to; from += WEEK_MS) {
    const week = slotInstants(offsetAt, search.weeklySlots, from, Math.min(from + WEEK_MS, to));
    const found = week.find(isFree);
    if (found !== undefined) return [found];
  }
  return [];
}

/**
 * The first configured slot at or after `after` that keeps the channel's spacing from every taken
 * instant, stays under the daily cap of its local day, and is outside every blackout; null when
 * none exists within the horizon. Throws InvalidPostingSchedule for unusable input.
 */
export function nextFreeSlot(search: SlotSearch): Date | null {
  const horizon = search.horizonDays ?? DEFAULT_HORIZON_DAYS;
  const to = isInstant(search.after) ? search.after.getTime() + horizon * DAY_MS : NaN;
  const [slot] = freeSlots(search, to, true);
  return slot === undefined ? null : new Date(slot);
}

/**
 * Every slot in [after, to) that `nextFreeSlot` would pick were it the first one, given what is
 * taken now: the open slots a calendar draws. The first of them is the next free slot.
 */
export function openSlots(search: SlotSearch & { to: Date }): Date[] {
  if (!isInstant(search.to) || search.to.getTime() < search.after.getTime())
    throw new InvalidPostingSchedule([
      { field: 'to', rule: 'afterFrom', message: 'to must be a valid instant after from' },
    ]);
  return freeSlots(search, search.to.getTime()).map((instant) => new Date(instant));
}
