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
  it('holds when each live post is tracked once, as published or flagged for retraction', () => {
    expect(
      livePostProblems(
        [live('1', 'a'), live('2', 'b'), live('3', 'a', 'acc-2')],
        [
          post('p1', 'published', ['1']),
          post('p2', 'failed', ['2'], true),
          post('p3', 'published', ['3']),
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

  it('reports a live post tracked by two posts, or by one that says it is not live', () => {
    expect(
      livePostProblems(
        [live('1', 'a'), live('2', 'b')],
        [
          post('p1', 'published', ['1']),
          post('p2', 'published', ['1']),
          post('p3', 'failed', ['2']),
        ],
      ).map((p) => [p.kind, p.externalIds, p.postIds]),
    ).toEqual([
      ['tracked_twice', ['1'], ['p1', 'p2']],
      ['tracked_as_not_live', ['2'], ['p3']],
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
