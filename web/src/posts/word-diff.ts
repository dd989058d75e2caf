export interface WordChange {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Words and the whitespace after each, so a diff keeps the spaces between changed words. */
const tokens = (text: string) => text.match(/\S+\s*|\s+/g) ?? [];

/**
 * What changed from `before` to `after`, word by word (longest common subsequence): for showing
 * someone's unsaved text against a revision saved meanwhile, before either exists on the server.
 */
export function wordDiff(before: string, after: string): WordChange[] {
  const a = tokens(before);
  const b = tokens(after);
  // common[i][j]: length of the longest common run of a[i..] and b[j..]
  const common = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      common[i]![j] =
        a[i] === b[j]
          ? common[i + 1]![j + 1]! + 1
          : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  const changes: WordChange[] = [];
  const push = (op: WordChange['op'], text: string) => {
    const last = changes.at(-1);
    if (last?.op === op) last.text += text;
    else changes.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      push('equal', a[i++]!);
      j++;
    } else if (j < b.length && (i === a.length || common[i]![j + 1]! >= common[i + 1]![j]!)) {
      push('insert', b[j++]!);
    } else {
      push('delete', a[i++]!);
    }
  }
  return changes;
}
