import {
  livePostProblems,
  type LivePost,
  type TrackingRecord,
} from '../../bench/support/live-posts-invariant.js';

// The chaos run's end-of-run invariant, checked on hand-made platform and database states.

const live = (externalId: string, text: string, accountId = 'acc-1'): LivePost => ({
  accountId,
  externalId,
  text,
});
const post = (
  id: string,
  status: string,
  externalIds: string[],
  needsRetraction = false,
): TrackingRecord => ({ id, status, externalIds, needsRetraction });

describe('livePostProblems (chaos invariant)', () => {
  it('holds when each live post is tracked once, where it can be retracted or flagged for it', () => {
    expect(
      livePostProblems(
        [live('1', 'a'), live('2', 'b'), live('3', 'a', 'acc-2'), live('4', 'c'), live('5', 'd')],
        [
          post('p1', 'published', ['1']),
          post('p2', 'cancelled', ['2'], true),
          post('p3', 'published', ['3']),
          // Threads stopped part-way keep their live segments, shown and deletable.
          post('p5', 'failed', ['4']),
          post('p6', 'held', ['5', 'gone']),
          // Not live, not a problem: a failed post that never reached the platform.
          post('p4', 'failed', []),
        ],
      ),
    ).toEqual([]);
  });

  it('reports a live post no database post tracks (a duplicate 403 left `failed` without its id)', () => {
    expect(livePostProblems([live('1', 'a')], [post('p1', 'failed', [])])).toEqual([
      { kind: 'untracked', accountId: 'acc-1', externalIds: ['1'], postIds: [], text: 'a' },
    ]);
  });

  it('reports a live post tracked by two posts, or by one from which it cannot be retracted', () => {
    expect(
      livePostProblems(
        [live('1', 'a'), live('2', 'b'), live('3', 'c')],
        [
          post('p1', 'published', ['1']),
          post('p2', 'published', ['1']),
          post('p3', 'cancelled', ['2']),
          post('p4', 'deleted', ['3']),
        ],
      ).map((p) => [p.kind, p.externalIds, p.postIds]),
    ).toEqual([
      ['tracked_twice', ['1'], ['p1', 'p2']],
      ['tracked_unretractable', ['2'], ['p3']],
      ['tracked_unretractable', ['3'], ['p4']],
    ]);
  });

  it('reports a text live twice on one account even when both copies are tracked', () => {
    expect(
      livePostProblems(
        [live('1', 'same'), live('2', 'same')],
        [post('p1', 'published', ['1']), post('p2', 'published', ['2'])],
      ),
    ).toEqual([
      {
        kind: 'live_twice',
        accountId: 'acc-1',
        externalIds: ['1', '2'],
        postIds: ['p1', 'p2'],
        text: 'same',
      },
    ]);
  });
});
