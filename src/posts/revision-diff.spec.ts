import { diffRevisions, diffWords, type WordChange } from './revision-diff.js';

const rebuild = (words: WordChange[], side: 'before' | 'after') =>
  words
    .filter((w) => w.op === 'equal' || w.op === (side === 'before' ? 'delete' : 'insert'))
    .map((w) => w.text)
    .join('');

describe('diffWords', () => {
  it('marks a replaced word as deleted then inserted, keeping the rest equal', () => {
    expect(diffWords('They promised us paradise', 'They promised us bread')).toEqual([
      { op: 'equal', text: 'They promised us ' },
      { op: 'delete', text: 'paradise' },
      { op: 'insert', text: 'bread' },
    ]);
  });

  it('shows inserted and deleted words in place', () => {
    expect(diffWords('I guarded a checkpoint', 'I guarded a muddy checkpoint for months')).toEqual([
      { op: 'equal', text: 'I guarded a ' },
      { op: 'insert', text: 'muddy ' },
      { op: 'equal', text: 'checkpoint' },
      { op: 'insert', text: ' for months' },
    ]);
    expect(diffWords('They never paid us at all', 'They never paid us')).toEqual([
      { op: 'equal', text: 'They never paid us' },
      { op: 'delete', text: ' at all' },
    ]);
  });

  it('shows a whitespace-only edit', () => {
    const words = diffWords('no  salary', 'no salary');
    expect(words).toEqual([
      { op: 'equal', text: 'no' },
      { op: 'delete', text: '  ' },
      { op: 'insert', text: ' ' },
      { op: 'equal', text: 'salary' },
    ]);
  });

  it.each([
    ['The emir took the best houses.', 'The emir and his friends took the houses of the poor.'],
    ['', 'A whole new sentence'],
    ['An entire sentence removed', ''],
    ['Line one\nline two', 'Line one\n\nline 2'],
    ['same text', 'same text'],
  ])('rebuilds both texts from its runs: %j → %j', (before, after) => {
    const words = diffWords(before, after);
    expect(rebuild(words, 'before')).toBe(before);
    expect(rebuild(words, 'after')).toBe(after);
  });
});

describe('diffRevisions', () => {
  it('reports identical revisions as unchanged', () => {
    expect(diffRevisions({ segments: ['one', 'two'] }, { segments: ['one', 'two'] })).toEqual([
      { kind: 'unchanged', before: 0, after: 0, text: 'one' },
      { kind: 'unchanged', before: 1, after: 1, text: 'two' },
    ]);
  });

  it('pairs an edited segment and gives its word diff', () => {
    const diff = diffRevisions(
      { segments: ['Intro', 'We were paid nothing.', 'Outro'] },
      { segments: ['Intro', 'We were paid almost nothing.', 'Outro'] },
    );
    expect(diff).toEqual([
      { kind: 'unchanged', before: 0, after: 0, text: 'Intro' },
      {
        kind: 'changed',
        before: 1,
        after: 1,
        words: [
          { op: 'equal', text: 'We were paid ' },
          { op: 'insert', text: 'almost ' },
          { op: 'equal', text: 'nothing.' },
        ],
      },
      { kind: 'unchanged', before: 2, after: 2, text: 'Outro' },
    ]);
  });

  it('reports a segment inserted mid-thread as added, not the rest as changed', () => {
    expect(
      diffRevisions({ segments: ['a', 'c', 'd'] }, { segments: ['a', 'b', 'c', 'd'] }).map(
        (s) => s.kind,
      ),
    ).toEqual(['unchanged', 'added', 'unchanged', 'unchanged']);
  });

  it('reports a removed segment', () => {
    expect(diffRevisions({ segments: ['a', 'b', 'c'] }, { segments: ['a', 'c'] })).toEqual([
      { kind: 'unchanged', before: 0, after: 0, text: 'a' },
      { kind: 'removed', before: 1, text: 'b' },
      { kind: 'unchanged', before: 2, after: 1, text: 'c' },
    ]);
  });

  it('pairs unmatched segments in order and reports the surplus as added', () => {
    const diff = diffRevisions(
      { segments: ['start', 'old two', 'end'] },
      { segments: ['start', 'new two', 'brand new', 'end'] },
    );
    expect(
      diff.map((s) => [s.kind, 'before' in s ? s.before : null, 'after' in s ? s.after : null]),
    ).toEqual([
      ['unchanged', 0, 0],
      ['changed', 1, 1],
      ['added', null, 2],
      ['unchanged', 2, 3],
    ]);
  });

  it('handles a thread emptied or written from nothing', () => {
    expect(diffRevisions({ segments: [] }, { segments: ['x'] })).toEqual([
      { kind: 'added', after: 0, text: 'x' },
    ]);
    expect(diffRevisions({ segments: ['x', 'y'] }, { segments: [] })).toEqual([
      { kind: 'removed', before: 0, text: 'x' },
      { kind: 'removed', before: 1, text: 'y' },
    ]);
  });

  it('accounts for every segment of both revisions exactly once', () => {
    const a = { segments: ['p', 'q', 'r', 's', 't'] };
    const b = { segments: ['q', 'x', 's', 'y', 'z', 'p'] };
    const diff = diffRevisions(a, b);
    const before = diff.flatMap((s) => ('before' in s ? [s.before] : []));
    const after = diff.flatMap((s) => ('after' in s ? [s.after] : []));
    expect(before).toEqual([0, 1, 2, 3, 4]);
    expect(after).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
