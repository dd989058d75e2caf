import { type CapacityRules, type ChannelCalendar, channelCapacity } from './channel-capacity.js';
import { DEFAULT_HORIZON_DAYS } from './next-free-slot.js';

/**
 * A pause or blackout with an end, during which nothing may be placed. Open-ended pauses are an
 * emergency stop, not a calendar entry: a post placed in one is held when it falls due.
 */
export interface ClosedWindow {
  kind: 'pause' | 'blackout';
  start: Date;
  end: Date;
}

export type PlacementRule = 'spacing' | 'daily_cap' | 'pause' | 'blackout';

export type PlacementVerdict =
  | { fits: true }
  | {
      fits: false;
      rule: PlacementRule;
      /** The instant that caused the refusal: the clashing post, or the end of the day or window. */
      because: Date;
      /** The earliest whole minute from which the post fits, or null when none before `until`. */
      nextAllowedAt: Date | null;
    };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A local day is at most 25 hours long: a day and a half either side covers it. */
const DAY_MARGIN_MS = 1.5 * DAY_MS;
/** How far past a refused time placement looks for the next one that fits: the slot finder's. */
export const PLACEMENT_HORIZON_MS = DEFAULT_HORIZON_DAYS * DAY_MS;

/**
 * The taken posts that placing a post somewhere in [from, until) on any of `channels` is judged
 * against: those within the widest spacing (which may be longer than a day) or on the post's local
 * day, either side. Posts beyond cannot change a verdict, so a search reads what it may step
 * past, not the whole calendar.
 */
export const takenAround = (
  from: Date,
  until: Date,
  channels: readonly Pick<CapacityRules, 'minSpacingMinutes'>[],
): { from: Date; until: Date } => {
  const margin =
    Math.max(DAY_MARGIN_MS, ...channels.map((c) => c.minSpacingMinutes * MINUTE_MS)) + 1;
  return { from: new Date(from.getTime() - margin), until: new Date(until.getTime() + margin) };
};
/** Each step moves past one taken post, day or window; this bounds a pathological calendar. */
const MAX_STEPS = 10_000;

const ceilToMinute = (ms: number) => Math.ceil(ms / MINUTE_MS) * MINUTE_MS;

interface Obstacle {
  rule: PlacementRule;
  because: Date;
  /** Nothing earlier than this can fit for the same reason. */
  clearsAt: number;
}

function obstacleAt(
  rules: CapacityRules,
  at: number,
  taken: ChannelCalendar,
  windows: readonly ClosedWindow[],
): Obstacle | null {
  const window = windows.find((w) => w.start.getTime() <= at && at < w.end.getTime());
  if (window) return { rule: window.kind, because: window.end, clearsAt: window.end.getTime() };
  const verdict = channelCapacity(rules, at, taken.loadAt(at));
  if (verdict.fits) return null;
  if (verdict.rule === 'spacing')
    // Without spacing the clash is an exact tie; the next millisecond is already free of it.
    return {
      rule: 'spacing',
      because: verdict.clash,
      clearsAt: Math.max(verdict.freeAt.getTime(), at + 1),
    };
  return { rule: 'daily_cap', because: verdict.dayEnd, clearsAt: verdict.dayEnd.getTime() };
}

/**
 * Whether one more post fits on the channel at `at` — THE rule for an explicit time (scheduling,
 * dragging on the calendar): outside every closed pause or blackout, keeping the spacing and the
 * daily cap (`channelCapacity`). A refusal names the rule and proposes the earliest whole minute
 * before `until` at which the same rule set lets the post in, so placing it there succeeds.
 */
export function placementVerdict(
  rules: CapacityRules,
  at: Date,
  taken: ChannelCalendar,
  windows: readonly ClosedWindow[],
  until: Date,
): PlacementVerdict {
  const first = obstacleAt(rules, at.getTime(), taken, windows);
  if (!first) return { fits: true };
  let candidate = ceilToMinute(first.clearsAt);
  for (let step = 0; step < MAX_STEPS && candidate < until.getTime(); step++) {
    const obstacle = obstacleAt(rules, candidate, taken, windows);
    if (!obstacle) return { fits: false, ...first, nextAllowedAt: new Date(candidate) };
    candidate = ceilToMinute(Math.max(obstacle.clearsAt, candidate + 1));
  }
  return { fits: false, rule: first.rule, because: first.because, nextAllowedAt: null };
}

/**
 * The first time from `at` on at which the engine can put a post (a deferral): `at` itself, or
 * the earliest whole minute `placementVerdict` proposes; `at` when nothing fits before `until`.
 * Without spacing only an exact tie clashes, and the next free millisecond clears it: the
 * proposal's next whole minute would queue a pause's worth of posts a minute apart.
 */
export function firstFitFrom(
  rules: CapacityRules,
  at: Date,
  taken: ChannelCalendar,
  windows: readonly ClosedWindow[],
  until: Date,
): Date {
  let start = at.getTime();
  if (rules.minSpacingMinutes === 0) while (taken.holds(start)) start += 1;
  const from = new Date(start);
  const verdict = placementVerdict(rules, from, taken, windows, until);
  return verdict.fits ? from : (verdict.nextAllowedAt ?? from);
}
