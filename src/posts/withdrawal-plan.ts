import type { PostStatus } from '../db/schema/index.js';
import { decide, factsOf, type TableStatus } from './post-lifecycle.js';
import type { PostRow } from './posts.repository.js';

/**
 * Whether segments of the post are, or may be, live on the platform: a published post, a send
 * in progress or whose outcome is not known yet, or the saved ids of a thread stopped part-way.
 */
const mayBeLive = (post: PostRow) =>
  post.status === 'published' ||
  post.status === 'publishing' ||
  post.status === 'unknown' ||
  (post.status !== 'deleted' && post.externalIds.length > 0);

/** What retracting a quote (or withdrawing consent) does to one post built on it. */
export type WithdrawalStep =
  { kind: 'withdraw'; next: TableStatus; flag: boolean } | { kind: 'flag' } | { kind: 'none' };

/**
 * The one rule both the retraction and its preview apply: a post that has not gone out is
 * withdrawn; one that is or may be live is flagged for deletion (a withdrawn one too).
 */
export function withdrawalStep(post: PostRow): WithdrawalStep {
  const withdraw = decide(post.status, 'withdraw', { kind: 'system' }, factsOf(post));
  const flag = mayBeLive(post);
  if (withdraw.ok) return { kind: 'withdraw', next: withdraw.next, flag };
  if (flag && !post.needsRetraction) return { kind: 'flag' };
  return { kind: 'none' };
}

/** The consequences, counted: what a confirmation says before anyone confirms. */
export interface WithdrawalImpact {
  /** Posts that would be withdrawn, by their status now. */
  withdrawn: Partial<Record<PostStatus, number>>;
  /** Posts that would be newly listed for deletion from the platform. */
  flaggedForDeletion: number;
}

export function withdrawalImpact(posts: readonly PostRow[]): WithdrawalImpact {
  const impact: WithdrawalImpact = { withdrawn: {}, flaggedForDeletion: 0 };
  for (const post of posts) {
    const step = withdrawalStep(post);
    if (step.kind === 'withdraw') {
      impact.withdrawn[post.status] = (impact.withdrawn[post.status] ?? 0) + 1;
    }
    if ((step.kind === 'withdraw' && step.flag && !post.needsRetraction) || step.kind === 'flag') {
      impact.flaggedForDeletion += 1;
    }
  }
  return impact;
}
