import { transitionFor } from '../../src/posts/post-lifecycle.js';

/** A post live on the platform, as the platform holds it. */
export interface LivePost {
  accountId: string;
  externalId: string;
  /** The text as the platform stores it, which is what its duplicate check compares. */
  text: string;
}

/** What the database says about a post, as far as tracking live posts goes. */
export interface TrackingRecord {
  id: string;
  status: string;
  externalIds: readonly string[];
  needsRetraction: boolean;
}

export interface LivePostProblem {
  kind: 'untracked' | 'tracked_twice' | 'tracked_unretractable' | 'live_twice';
  accountId: string;
  externalIds: string[];
  postIds: string[];
  text: string;
}

/**
 * Where a live segment can be seen and deleted: a published post, or a thread stopped part-way
 * (scheduled after a deferral, held, failed, withdrawn), which keeps its live ids (DESIGN.md).
 */
const RETRACTABLE: ReadonlySet<string> = new Set(transitionFor('retract').from);

/**
 * The invariant "every post live on the platform is tracked by exactly one post in the database
 * (its id among the post's external ids), in a status from which an editor can retract it or
 * flagged for retraction, and no text is live twice on one account". Returns every breach; an
 * empty list means it holds.
 */
export function livePostProblems(
  live: readonly LivePost[],
  records: readonly TrackingRecord[],
): LivePostProblem[] {
  const trackers = new Map<string, TrackingRecord[]>();
  for (const record of records) {
    for (const externalId of record.externalIds) {
      trackers.set(externalId, [...(trackers.get(externalId) ?? []), record]);
    }
  }
  const problems: LivePostProblem[] = [];
  const byText = new Map<string, LivePost[]>();
  for (const post of live) {
    const key = JSON.stringify([post.accountId, post.text]);
    byText.set(key, [...(byText.get(key) ?? []), post]);
    const owners = trackers.get(post.externalId) ?? [];
    const problem = (kind: LivePostProblem['kind']) =>
      problems.push({
        kind,
        accountId: post.accountId,
        externalIds: [post.externalId],
        postIds: owners.map((o) => o.id),
        text: post.text,
      });
    if (owners.length === 0) problem('untracked');
    else if (owners.length > 1) problem('tracked_twice');
    else if (!RETRACTABLE.has(owners[0]!.status) && !owners[0]!.needsRetraction)
      problem('tracked_unretractable');
  }
  for (const copies of byText.values()) {
    if (copies.length < 2) continue;
    problems.push({
      kind: 'live_twice',
      accountId: copies[0]!.accountId,
      externalIds: copies.map((c) => c.externalId),
      postIds: [
        ...new Set(copies.flatMap((c) => (trackers.get(c.externalId) ?? []).map((r) => r.id))),
      ],
      text: copies[0]!.text,
    });
  }
  return problems;
}
