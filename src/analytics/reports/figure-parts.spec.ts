import fc from 'fast-check';
import { combined, type FigureParts, median, numbersOf, readParts } from './figure-parts.js';
import { NO_FIGURE_ROW } from './report-figures.js';

/** percentile_cont(0.5) as PostgreSQL documents it: sort, then interpolate the middle pair. */
function sortedMedian(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = 0.5 * (sorted.length - 1);
  const lo = sorted[Math.floor(position)]!;
  const hi = sorted[Math.ceil(position)]!;
  return lo + (hi - lo) * (position - Math.floor(position));
}

/** Counts as X reports them, with the repetitive and ordered runs real metrics have. */
const counts = fc.oneof(
  fc.array(fc.nat({ max: 2_000_000_000 }), { maxLength: 300 }),
  fc.array(fc.nat({ max: 3 }), { maxLength: 300 }),
  fc.array(fc.nat({ max: 50_000 }), { maxLength: 300 }).map((a) => a.sort((x, y) => x - y)),
  fc.array(fc.nat({ max: 50_000 }), { maxLength: 300 }).map((a) => a.sort((x, y) => y - x)),
);

/** A part as PostgreSQL's FIGURE_PARTS would return it for these posts. */
function partOf(posts: { impressions: number | null; engagements: number }[]): FigureParts {
  const known = posts.filter((p) => p.impressions !== null);
  const sumOf = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0));
  return {
    posts: posts.length,
    known: known.length,
    impressions: sumOf(known.map((p) => p.impressions!)),
    engagements: sumOf(posts.map((p) => p.engagements)),
    known_engagements: sumOf(known.map((p) => p.engagements)),
    likes: sumOf(posts.map((p) => p.engagements)),
    reposts: sumOf(posts.map(() => 0)),
    replies: sumOf(posts.map(() => 1)),
    quotes: sumOf(posts.map(() => 0)),
    bookmarks: sumOf(posts.map(() => 0)),
    impressions_each: known.length === 0 ? null : known.map((p) => p.impressions).join(','),
    engagements_each: posts.length === 0 ? null : posts.map((p) => p.engagements).join(','),
    synthetic: false,
  };
}

describe('report medians and parts', () => {
  it('takes the median as percentile_cont(0.5) does, for any counts in any order', () => {
    fc.assert(
      fc.property(counts, (values) => {
        expect(median(Float64Array.from(values))).toBe(sortedMedian(values));
      }),
      { numRuns: 500 },
    );
    expect(median(Float64Array.from([1, 2]))).toBe(1.5);
    expect(median(Float64Array.from([7]))).toBe(7);
    expect(median(new Float64Array(0))).toBeNull();
  });

  it('reads the lists PostgreSQL prints', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e15, max: 1e15 }), { minLength: 1 }), (values) => {
        expect([...numbersOf(values.join(','))]).toEqual(values.map((v) => v + 0));
      }),
    );
    expect(numbersOf(null)).toHaveLength(0);
  });

  it('gives the same figures for posts split into parts as for the posts in one part', () => {
    const post = fc.record({
      impressions: fc.option(fc.nat({ max: 100_000 }), { nil: null }),
      engagements: fc.nat({ max: 5_000 }),
    });
    fc.assert(
      fc.property(fc.array(fc.array(post, { maxLength: 40 }), { maxLength: 6 }), (groups) => {
        const whole = combined([readParts(partOf(groups.flat()))]);
        expect(combined(groups.map((g) => readParts(partOf(g))))).toEqual(whole);
        const all = groups.flat();
        expect(whole.median_engagements).toBe(sortedMedian(all.map((p) => p.engagements)));
        expect(whole.median_impressions).toBe(
          sortedMedian(all.flatMap((p) => (p.impressions === null ? [] : [p.impressions]))),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('has no figures but a count of zero for no posts', () => {
    expect(combined([])).toEqual(NO_FIGURE_ROW);
  });
});
