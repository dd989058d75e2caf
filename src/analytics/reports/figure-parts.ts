import type { FigureRow } from './report-figures.js';

/**
 * One row of `FIGURE_PARTS` as PostgreSQL returns it: the counts and sums of a set of posts, and
 * each post's impressions and engagements as a comma-separated list (nulls left out).
 */
export type FigureParts = Omit<FigureRow, 'median_impressions' | 'median_engagements'> & {
  impressions_each: string | null;
  engagements_each: string | null;
};

/** A part with its lists read into numbers, ready to be combined with others any number of times. */
export interface ReadParts {
  sums: FigureParts;
  impressions: Float64Array;
  engagements: Float64Array;
}

export function readParts(row: FigureParts): ReadParts {
  return {
    sums: row,
    impressions: numbersOf(row.impressions_each),
    engagements: numbersOf(row.engagements_each),
  };
}

/**
 * The figures of the posts of all `parts` together (each post in one part). Counts and sums add
 * up; medians are taken over every post's value, exactly as PostgreSQL's
 * `percentile_cont(0.5)` takes them, but in linear time: for a report over all campaigns
 * PostgreSQL sorted 100,000 values for each median of each group and again for the total.
 */
export function combined(parts: readonly ReadParts[]): FigureRow {
  const sum = (field: SummedField) =>
    parts.reduce<number | null>((acc, p) => addNullable(acc, p.sums[field]), null);
  return {
    posts: parts.reduce((acc, p) => acc + p.sums.posts, 0),
    known: parts.reduce((acc, p) => acc + p.sums.known, 0),
    impressions: sum('impressions'),
    engagements: sum('engagements'),
    known_engagements: sum('known_engagements'),
    likes: sum('likes'),
    reposts: sum('reposts'),
    replies: sum('replies'),
    quotes: sum('quotes'),
    bookmarks: sum('bookmarks'),
    median_impressions: median(joined(parts.map((p) => p.impressions))),
    median_engagements: median(joined(parts.map((p) => p.engagements))),
    synthetic: parts.some((p) => p.sums.synthetic),
  };
}

type SummedField =
  | 'impressions'
  | 'engagements'
  | 'known_engagements'
  | 'likes'
  | 'reposts'
  | 'replies'
  | 'quotes'
  | 'bookmarks';

/** SQL's sum: null when every addend is null. */
function addNullable(acc: number | null, value: number | null): number | null {
  return value === null ? acc : (acc ?? 0) + value;
}

/** Reads "12,0,345" (integers as PostgreSQL prints them); null is an empty list. */
export function numbersOf(list: string | null): Float64Array {
  if (list === null || list === '') return new Float64Array(0);
  const out = new Float64Array((list.length >> 1) + 1);
  let count = 0;
  let value = 0;
  let negative = false;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44 /* , */) {
      out[count++] = negative ? -value : value;
      value = 0;
      negative = false;
    } else if (c === 45 /* - */) negative = true;
    else value = value * 10 + (c - 48);
  }
  out[count++] = negative ? -value : value;
  return out.subarray(0, count);
}

/** One array of all values; a single array is used as it is (selection only reorders it). */
function joined(arrays: readonly Float64Array[]): Float64Array {
  if (arrays.length === 1) return arrays[0]!;
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/**
 * `percentile_cont(0.5)`: the middle value, or the two middle values interpolated as PostgreSQL
 * does (lo + (hi - lo) * 0.5); null for no values. Reorders `values`.
 */
export function median(values: Float64Array): number | null {
  const n = values.length;
  if (n === 0) return null;
  const position = 0.5 * (n - 1);
  const below = Math.floor(position);
  const lo = select(values, below);
  if (position === below) return lo;
  // After selection everything past `below` is at least `lo`; the next value is their minimum.
  let hi = Infinity;
  for (let i = below + 1; i < n; i++) if (values[i]! < hi) hi = values[i]!;
  return lo + (hi - lo) * (position - below);
}

/**
 * The k-th smallest value (0-based) by quickselect with a median-of-three pivot, leaving smaller
 * values before k and larger ones after. Should the partitions stay unbalanced (an adversarial
 * order), the remaining range is sorted instead, so the worst case stays O(n log n).
 */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let budget = 2 * Math.ceil(Math.log2(a.length + 1)) + 8;
  while (hi > lo) {
    if (budget-- === 0) {
      a.subarray(lo, hi + 1).sort();
      return a[k]!;
    }
    const pivot = medianOfThree(a[lo]!, a[(lo + hi) >> 1]!, a[hi]!);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
