import type { PostDetail } from './post-detail';

type FailureCause = NonNullable<PostDetail['failureCause']>;

/** Each failure cause in words; the server decides the cause, the page only names it. */
const CAUSE_LABEL: Record<FailureCause, string> = {
  platform_rejected: 'The platform refused the post',
  auth_refused: 'The platform refused the channel’s credentials',
  duplicate_refused: 'The platform refused it as a duplicate; checking whether it is live',
  duplicate_absent: 'Refused as a duplicate, and the text is not on the account',
  duplicate_tracked: 'Refused as a duplicate of another of our posts, which is live',
  no_answer: 'Sent without an answer; it may be live until the account is checked',
  claim_expired: 'The worker publishing it stopped answering; checking the account',
  rate_limited: 'The platform’s rate limit was reached',
  platform_unreachable: 'The platform could not be reached',
  content_changed: 'The text changed after approval',
  thread_stopped: 'The thread stopped between segments',
  internal_error: 'An error in Countervoice stopped publishing',
};

/**
 * Why publishing left the post where it is (with the platform's own message), and which of its
 * segments are live: a partly sent thread keeps them visible so an editor can delete them.
 */
export function PublishingOutcome({ post }: { post: PostDetail }) {
  const live = post.status === 'published' ? [] : post.externalIds;
  if (!post.failureCause && live.length === 0) return null;
  return (
    <div className="alert alert-warn" role="status">
      {post.failureCause && (
        <div>
          <strong>Cause:</strong> {CAUSE_LABEL[post.failureCause]}
          {post.platformMessage && <> — the platform said: “{post.platformMessage}”</>}
        </div>
      )}
      {live.length > 0 && (
        <div>
          {live.length} segment{live.length === 1 ? ' is' : 's are'} live on the platform (
          {live.join(', ')}); an editor can delete {live.length === 1 ? 'it' : 'them'} from the
          platform.
        </div>
      )}
    </div>
  );
}
