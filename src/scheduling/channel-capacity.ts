import { IANAZone } from 'luxon';
import { localDay, type OffsetReader, wallClockToInstant, zoneOffsets } from './zone-offsets.js';

/** The part of a channel's posting rules that limits how many posts it takes, and how close. */
export interface CapacityRules {
  /** IANA time zone whose calendar days the daily cap counts. */
  timezone: string;
  /** Two posts closer than this (in either direction) conflict. */
  minSpacingMinutes: number;
  /** Most posts per calendar day in the channel's time zone. */
  dailyCap: number;
}

/** What a channel already carries around the instant in question. */
export interface ChannelLoad {
  /**
   * Instants (epoch ms) of other posts to keep the spacing from (placed, sent, or being sent).
   * Numbers, not Dates: the calendar asks this of every slot it draws.
   */
  neighbours: readonly number[];
  /** How many posts already count towards the cap of the instant's calendar day. */
  sameDay: number;
  /**
   * Placed posts hold a slot each, so two never share an instant even without spacing (the
   * database's unique slot index says the same); sending has no slots.
   */
  slotted: boolean;
}

export type CapacityVerdict =
  | { fits: true }
  | { fits: false; rule: 'spacing'; clash: Date; freeAt: Date }
  | { fits: false; rule: 'daily_cap'; sameDay: number; dayEnd: Date };

const MINUTE_MS = 60_000;

/**
 * The channel's calendar day around `at` as the instants [start, end): 24 hours, or 23 and 25
 * (23.5 and 24.5 on Lord Howe) on the days its clocks change. Each end is the first instant of
 * its local date (a skipped midnight starts the day where the clocks jump to). Every claim asks
 * for today in each of its channels' zones; the offsets come from the process's memory of the
 * zone, as every other local-time question here does.
 */
export function channelDay(channel: { timezone: string }, at: Date): { start: Date; end: Date } {
  const offsetAt = zoneOffsets(IANAZone.create(channel.timezone));
  const day = localDay(offsetAt, at.getTime());
  return {
    start: new Date(wallClockToInstant(offsetAt, day, 0)),
    end: new Date(wallClockToInstant(offsetAt, day + 1, 0)),
  };
}

/**
 * The instants a channel's placed posts hold, indexed for `channelCapacity`: sorted, with each
 * local day's count, so the load at an instant costs a binary search and one lookup. Scanning
 * every taken instant for each candidate made finding a time on a busy calendar quadratic: 3.7 s
 * for a channel with 1,000 posts ahead, inside the transaction that holds its lock
 * (bench/placement.ts).
 */
export class ChannelCalendar {
  private readonly instants: number[];
  /** Posts per local day, by localDay's number. */
  private readonly perDay = new Map<number, number>();
  /**
   * A search asks for the local day of every post it counts and every instant it tries:
   * converting each to local time was most of a deferral's cost (bench/placement.ts).
   */
  private readonly offsetAt: OffsetReader;

  constructor(timezone: string, taken: readonly Date[]) {
    this.offsetAt = zoneOffsets(IANAZone.create(timezone));
    this.instants = taken.map((t) => t.getTime()).sort((a, b) => a - b);
    for (const instant of this.instants) this.count(instant);
  }

  /** Places one more post (a deferral batch places several, each counting the earlier ones). */
  add(at: Date): void {
    const instant = at.getTime();
    this.instants.splice(this.firstAtOrAfter(instant), 0, instant);
    this.count(instant);
  }

  /** Whether a post already holds exactly this instant. */
  holds(instant: number): boolean {
    return this.instants[this.firstAtOrAfter(instant)] === instant;
  }

  /**
   * The load on one more post at `at`: only the nearest taken instant on either side can be the
   * closest, so they are its neighbours; the posts of its local day count towards the cap.
   */
  loadAt(at: number): ChannelLoad {
    const next = this.firstAtOrAfter(at);
    const neighbours: number[] = [];
    if (next > 0) neighbours.push(this.instants[next - 1]!);
    if (next < this.instants.length) neighbours.push(this.instants[next]!);
    return {
      neighbours,
      sameDay: this.perDay.get(localDay(this.offsetAt, at)) ?? 0,
      slotted: true,
    };
  }

  private count(instant: number): void {
    const day = localDay(this.offsetAt, instant);
    this.perDay.set(day, (this.perDay.get(day) ?? 0) + 1);
  }

  private firstAtOrAfter(target: number): number {
    let low = 0;
    let high = this.instants.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.instants[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/**
 * THE spacing and daily-cap rule, for placing a post (scheduling, the slot finder) and for sending
 * one (the claim-time check): one more post at `at` fits when it keeps the channel's spacing from
 * every neighbour and its calendar day, in the channel's time zone, is still under the cap.
 * Spacing is checked first; a spacing refusal says when the nearest clash stops being one.
 */
export function channelCapacity(
  rules: CapacityRules,
  at: number,
  load: ChannelLoad,
): CapacityVerdict {
  const spacingMs = rules.minSpacingMinutes * MINUTE_MS;
  for (const other of load.neighbours) {
    const distance = Math.abs(other - at);
    if (distance < spacingMs || (load.slotted && distance === 0))
      return {
        fits: false,
        rule: 'spacing',
        clash: new Date(other),
        freeAt: new Date(other + spacingMs),
      };
  }
  if (load.sameDay >= rules.dailyCap)
    return {
      fits: false,
      rule: 'daily_cap',
      sameDay: load.sameDay,
      dayEnd: channelDay(rules, new Date(at)).end,
    };
  return { fits: true };
}
