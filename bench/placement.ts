/**
 * Finding a time on a busy channel, in process (no database): a channel posting every hour
 * (60-minute spacing, cap 24 a day, Europe/Berlin) with 100, 1,000 and 5,000 posts ahead, and a
 * post asked for at the start of that run, so each search has to step past the posts ahead:
 *
 *   (a) an explicit time refused, with the next allowed one proposed (scheduling, the calendar's
 *       drag and drop): `placementVerdict`;
 *   (b) one deferral (`firstFitFrom`), as the publishing engine places a post it may not send yet;
 *   (c) a batch of 200 deferrals onto the channel, each counting the ones placed before it;
 *   (d) the next free weekly slot (`nextFreeSlot`, slots every hour);
 *   (e) the open slots of 62 days (`openSlots`, what `GET /api/slots` computes per channel).
 *
 * Each includes building the channel's calendar from the taken instants, as the callers do after
 * reading them. Prints median and p95 of BENCH_RUNS runs (default 30) and the ratio of the
 * 1,000-post median to the 100-post one: ten times the posts, so at most about 10 when the cost
 * grows with the calendar, and about 100 when it grows with its square (5,000 posts reach past
 * the 60-day horizon, where every search stops).
 *
 *   npm run bench:placement
 */
import { performance } from 'node:perf_hooks';
import { type CapacityRules, ChannelCalendar } from '../src/scheduling/channel-capacity.js';
import { nextFreeSlot, openSlots } from '../src/scheduling/next-free-slot.js';
import {
  firstFitFrom,
  PLACEMENT_HORIZON_MS,
  placementVerdict,
} from '../src/scheduling/placement.js';
import { distribution, print, table } from './support/figures.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const SIZES = [100, 1_000, 5_000] as const;
const HOUR_MS = 3_600_000;
const BATCH = 200;
const rules: CapacityRules = { timezone: 'Europe/Berlin', minSpacingMinutes: 60, dailyCap: 24 };
const start = new Date(Date.UTC(2027, 2, 1));
const until = new Date(start.getTime() + PLACEMENT_HORIZON_MS);
/** The longest period the calendar's open slots may be asked for (GET /api/slots). */
const period = new Date(start.getTime() + 62 * 24 * HOUR_MS);
const weeklySlots = Array.from({ length: 7 }, (_, d) =>
  Array.from({ length: 24 }, (_, hour) => ({
    weekday: d + 1,
    time: `${String(hour).padStart(2, '0')}:00`,
  })),
).flat();

const cases: Record<string, (taken: Date[]) => unknown> = {
  '(a) explicit time refused': (taken) =>
    placementVerdict(rules, start, new ChannelCalendar(rules.timezone, taken), [], until),
  '(b) one deferral': (taken) =>
    firstFitFrom(rules, start, new ChannelCalendar(rules.timezone, taken), [], until),
  [`(c) ${BATCH} deferrals`]: (taken) => {
    const calendar = new ChannelCalendar(rules.timezone, taken);
    for (let i = 0; i < BATCH; i++) calendar.add(firstFitFrom(rules, start, calendar, [], until));
  },
  '(d) next free slot': (taken) =>
    nextFreeSlot({ ...rules, weeklySlots, taken, blackouts: [], after: start }),
  '(e) open slots, 62 days': (taken) =>
    openSlots({ ...rules, weeklySlots, taken, blackouts: [], after: start, to: period }),
};

const medians = new Map<string, number>();
const rows: string[][] = [['case', 'posts ahead', 'median', 'p95']];
for (const [name, run] of Object.entries(cases)) {
  for (const size of SIZES) {
    const taken = Array.from({ length: size }, (_, i) => new Date(start.getTime() + i * HOUR_MS));
    run(taken); // warm up: JIT and the time zone's offsets
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      run(taken);
      times.push(performance.now() - t0);
    }
    const d = distribution(times);
    medians.set(`${name} ${size}`, d.p50);
    rows.push([
      name,
      size.toLocaleString('en'),
      `${d.p50.toFixed(2)} ms`,
      `${d.p95.toFixed(2)} ms`,
    ]);
  }
}
print(`Placement on a busy channel: ${RUNS} runs each, one process`);
print(table(rows));
const growth = Object.fromEntries(
  Object.keys(cases).map((name) => [
    name,
    Number((medians.get(`${name} 1000`)! / medians.get(`${name} 100`)!).toFixed(1)),
  ]),
);
print();
print(
  table([
    ['case', 'median at 1,000 / at 100 posts ahead (10 = linear, 100 = quadratic)'],
    ...Object.entries(growth).map(([name, ratio]) => [name, String(ratio)]),
  ]),
);
print(
  JSON.stringify({
    bench: 'placement',
    runs: RUNS,
    medianMs: Object.fromEntries(medians),
    growth,
  }),
);
