/** A run of words (and the whitespace between them) that one revision has and the other may not. */
export interface WordChange {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/**
 * How one segment of revision a relates to revision b. Indices are 0-based positions in each
 * revision. For `changed`, the `equal` and `delete` runs rebuild the old text and the `equal` and
 * `insert` runs the new one, whitespace included (whitespace edits change the approved hash too).
 */
export type SegmentDiff =
  | { kind: 'unchanged'; before: number; after: number; text: string }
  | { kind: 'changed'; before: number; after: number; words: WordChange[] }
  | { kind: 'added'; after: number; text: string }
  | { kind: 'removed'; before: number; text: string };

/** Index pairs of a longest common subsequence of `a` and `b`, in order. */
function commonSubsequence<T>(a: readonly T[], b: readonly T[]): [number, number][] {
  // lengths[i][j] = LCS length of a[i..] and b[j..]; threads are ≤ 25 segments of ≤ 280 characters.
  const lengths = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  const at = (i: number, j: number) => (lengths[i] as number[])[j] as number;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      (lengths[i] as number[])[j] =
        a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      pairs.push([i++, j++]);
    } else if (at(i + 1, j) >= at(i, j + 1)) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}

/** Words and the whitespace runs between them, so a diff can show whitespace-only edits. */
const tokens = (text: string) => text.split(/(\s+)/u).filter((token) => token !== '');

/** A word-level diff of two texts as runs of equal, deleted and inserted text, deletions first. */
export function diffWords(before: string, after: string): WordChange[] {
  const a = tokens(before);
  const b = tokens(after);
  const changes: WordChange[] = [];
  const emit = (op: WordChange['op'], text: string) => {
    const last = changes[changes.length - 1];
    if (last?.op === op) last.text += text;
    else changes.push({ op, text });
  };
  let i = 0;
  let j = 0;
  for (const [nextI, nextJ] of [...commonSubsequence(a, b), [a.length, b.length] as const]) {
    if (i < nextI) emit('delete', a.slice(i, nextI).join(''));
    if (j < nextJ) emit('insert', b.slice(j, nextJ).join(''));
    if (nextI < a.length) emit('equal', a[nextI] as string);
    i = nextI + 1;
    j = nextJ + 1;
  }
  return changes;
}

/**
 * What changed between two revisions of a thread, in reading order. Identical segments are matched
 * first (so inserting a segment mid-thread does not mark the rest changed); the unmatched segments
 * between two matches are paired in order as `changed`, and any left over are `removed` or `added`.
 */
export function diffRevisions(
  a: { segments: readonly string[] },
  b: { segments: readonly string[] },
): SegmentDiff[] {
  const result: SegmentDiff[] = [];
  let i = 0;
  let j = 0;
  const anchors = [
    ...commonSubsequence(a.segments, b.segments),
    [a.segments.length, b.segments.length] as const,
  ];
  for (const [nextI, nextJ] of anchors) {
    while (i < nextI && j < nextJ) {
      result.push({
        kind: 'changed',
        before: i,
        after: j,
        words: diffWords(a.segments[i] as string, b.segments[j] as string),
      });
      i++;
      j++;
    }
    for (; i < nextI; i++)
      result.push({ kind: 'removed', before: i, text: a.segments[i] as string });
    for (; j < nextJ; j++) result.push({ kind: 'added', after: j, text: b.segments[j] as string });
    if (nextI < a.segments.length) {
      result.push({
        kind: 'unchanged',
        before: nextI,
        after: nextJ,
        text: a.segments[nextI] as string,
      });
    }
    i = nextI + 1;
    j = nextJ + 1;
  }
  return result;
}
