import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { byId, channelName, useCampaigns, useChannels, type Channel } from '../../api/queries';
import { useMe } from '../../app/session';
import { X_MAX_WEIGHTED_LENGTH } from '../../posts/length';
import {
  requestedAtOf,
  requestedTiming,
  type Timing,
  TimingPicker,
  timingInstant,
} from '../../posts/timing';
import { Badge, StatusBadge, statusLabel } from '../../ui/badges';
import { Field } from '../../ui/Field';
import { ReasonButton } from '../../ui/ReasonButton';
import { formatDateTime, humanize, userTimeZone } from '../../ui/format';
import { Empty, ErrorState, Loading, ProblemMessage } from '../../ui/states';
import { QuoteBadges, QuoteText, attribution } from '../library/library-bits';
import { usePost } from './post-bits';

type PostDetail = Schemas['PostDetailDto'];
type Stage = PostDetail['review']['requiredStages'][number];
type Duplicate = Schemas['DuplicateWarningDto'];

function useRefreshPost(id: string) {
  const client = useQueryClient();
  return async () => {
    await client.invalidateQueries({ queryKey: ['post', id] });
    void client.invalidateQueries({ queryKey: ['posts'] });
    void client.invalidateQueries({ queryKey: ['review-queue'] });
    void client.invalidateQueries({ queryKey: ['comments', id] });
  };
}

function When({ iso, channel }: { iso: string; channel: Channel | undefined }) {
  const local = channel ? formatDateTime(iso, channel.timezone) : undefined;
  const mine = formatDateTime(iso, userTimeZone);
  return (
    <time dateTime={iso}>
      {local ?? mine}
      {local && local !== mine && <span className="muted"> · {mine} your time</span>}
    </time>
  );
}

function Segments({ post, channel }: { post: PostDetail; channel: Channel | undefined }) {
  const handle = channel?.handle.replace(/^@/, '') ?? 'channel';
  return (
    <ol className="x-thread" aria-label="Current text">
      {post.revision.segments.map((s, i) => (
        <li key={i} className="x-post">
          <div className="x-avatar" aria-hidden="true">
            {(channel?.displayName ?? handle).slice(0, 1).toUpperCase()}
          </div>
          <div className="x-body">
            <div className="x-head">
              <strong>{channel?.displayName ?? handle}</strong>{' '}
              <span className="muted">@{handle}</span>
              <span
                className={`muted small length-chip ${s.weightedLength > X_MAX_WEIGHTED_LENGTH ? 'over' : ''}`}
              >
                {' '}
                · {s.weightedLength} / {X_MAX_WEIGHTED_LENGTH}
              </span>
            </div>
            <p className="x-text" dir="auto">
              {s.text}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}

function Diff({ post }: { post: PostDetail }) {
  const revisions = Array.from({ length: post.currentRevision }, (_, i) => i + 1);
  const [from, setFrom] = useState(
    post.approvedRevision && post.approvedRevision < post.currentRevision
      ? post.approvedRevision
      : post.currentRevision - 1,
  );
  const [to, setTo] = useState(post.currentRevision);
  const diff = useQuery({
    queryKey: ['diff', post.id, from, to],
    queryFn: () =>
      call(
        api.GET('/api/posts/{id}/diff', { params: { path: { id: post.id }, query: { from, to } } }),
      ),
  });
  return (
    <section className="card stack" aria-labelledby="diff-heading">
      <h2 id="diff-heading">Changes between revisions</h2>
      <div className="inline-form">
        <Field label="From revision">
          {(p) => (
            <select {...p} value={from} onChange={(e) => setFrom(Number(e.target.value))}>
              {revisions.map((r) => (
                <option key={r} value={r}>
                  {r}
                  {r === post.approvedRevision ? ' (approved)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="To revision">
          {(p) => (
            <select {...p} value={to} onChange={(e) => setTo(Number(e.target.value))}>
              {revisions.map((r) => (
                <option key={r} value={r}>
                  {r}
                  {r === post.currentRevision ? ' (current)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {diff.isPending ? (
        <Loading />
      ) : diff.isError ? (
        <ErrorState error={diff.error} />
      ) : (
        <ol className="diff">
          {diff.data.segments.map((s, i) => (
            <li key={i} className={`diff-${s.kind}`}>
              <span className="diff-kind">{s.kind}</span>
              <p dir="auto">
                {s.kind === 'changed' ? (
                  s.words.map((w, j) =>
                    w.op === 'insert' ? (
                      <ins key={j}>{w.text}</ins>
                    ) : w.op === 'delete' ? (
                      <del key={j}>{w.text}</del>
                    ) : (
                      <span key={j}>{w.text}</span>
                    ),
                  )
                ) : s.kind === 'added' ? (
                  <ins>{s.text}</ins>
                ) : s.kind === 'removed' ? (
                  <del>{s.text}</del>
                ) : (
                  s.text
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function LinkedQuotes({ ids }: { ids: string[] }) {
  const quotes = useQuery({
    queryKey: ['quotes', 'linked', ids],
    queryFn: () =>
      Promise.all(
        ids.map((id) => call(api.GET('/api/library/quotes/{id}', { params: { path: { id } } }))),
      ),
  });
  return (
    <section className="card stack" aria-labelledby="linked-quotes">
      <h2 id="linked-quotes">Quotes used</h2>
      {ids.length === 0 ? (
        <p className="muted">This post links no quote.</p>
      ) : quotes.isPending ? (
        <Loading />
      ) : quotes.isError ? (
        <ErrorState error={quotes.error} />
      ) : (
        quotes.data.map((q) => (
          <article key={q.id} className="linked-quote-card">
            <QuoteText quote={q} clamp />
            <div className="small">
              <Link to={`/library/${q.id}`}>{attribution(q)}</Link> ·{' '}
              <a href={q.source.url} target="_blank" rel="noreferrer noopener">
                {q.source.title}
              </a>
              {q.sourceLocator && <span className="muted"> · {q.sourceLocator}</span>}
            </div>
            <QuoteBadges quote={q} />
            {q.identityRiskFlags.length > 0 && (
              <div className="small muted">
                Could identify by: {q.identityRiskFlags.map(humanize).join(', ')}
              </div>
            )}
          </article>
        ))
      )}
    </section>
  );
}

function IdentityFindings({ post }: { post: PostDetail }) {
  const me = useMe();
  const refresh = useRefreshPost(post.id);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const clear = useMutation({
    mutationFn: (detailId: string) =>
      call(
        api.POST('/api/posts/{id}/identity-clearances', {
          params: { path: { id: post.id } },
          body: { revision: post.currentRevision, detailId, note: (notes[detailId] ?? '').trim() },
        }),
      ),
    onSuccess: refresh,
  });
  const findings = post.review.identityFindings;
  if (findings.length === 0) return null;
  const mayClear = me.capabilities.clearIdentityMatches;
  return (
    <div className="stack">
      <h3>Identifying details found</h3>
      <ul className="plain-list">
        {findings.map((f) => (
          <li key={`${f.detailId}-${f.segment}-${f.start}`} className="finding">
            <div>
              Post {f.segment + 1}: “<mark>{f.matchedText}</mark>” matches a private{' '}
              {humanize(f.kind)} detail{' '}
              {f.cleared ? (
                <Badge tone="good">cleared</Badge>
              ) : (
                <Badge tone="danger">not cleared</Badge>
              )}
            </div>
            {!f.cleared && mayClear && (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  clear.mutate(f.detailId);
                }}
              >
                <Field
                  label="Why it may be published (recorded)"
                  name="note"
                  error={clear.variables === f.detailId ? clear.error : undefined}
                  className="grow"
                >
                  {(p) => (
                    <input
                      {...p}
                      required
                      minLength={3}
                      value={notes[f.detailId] ?? ''}
                      onChange={(e) => setNotes({ ...notes, [f.detailId]: e.target.value })}
                    />
                  )}
                </Field>
                <button type="submit" className="btn btn-secondary" disabled={clear.isPending}>
                  Clear
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <ProblemMessage error={clear.error} shownFields={['note']} />
    </div>
  );
}

function ReviewPanel({ post }: { post: PostDetail }) {
  const me = useMe();
  const refresh = useRefreshPost(post.id);
  const [comment, setComment] = useState('');
  const myStages = post.review.pendingStages.filter((s) => me.reviewStages.includes(s));
  const [stage, setStage] = useState<Stage | ''>('');
  const chosen = (stage && myStages.includes(stage) ? stage : myStages[0]) as Stage | undefined;
  const review = useMutation({
    mutationFn: (decision: Schemas['ReviewPostDto']['decision']) =>
      call(
        api.POST('/api/posts/{id}/reviews', {
          params: { path: { id: post.id } },
          body: {
            revision: post.currentRevision,
            stage: chosen!,
            decision,
            ...(comment.trim() ? { comment: comment.trim() } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      setComment('');
      await refresh();
    },
  });
  const ownWork = post.authorId === me.id || post.lastRevisedBy === me.id;
  const uncleared = post.review.identityFindings.some((f) => !f.cleared);
  const reviewing = post.status === 'in_review';
  // Whether a review may be recorded now is the server's call (its transition table).
  const mayReview = post.availableActions.includes('approve_stage');
  return (
    <section className="card stack" aria-labelledby="review-heading">
      <h2 id="review-heading">Review</h2>
      <div className="stages">
        {post.review.requiredStages.map((s) => (
          <span
            key={s}
            className={`stage ${post.review.approvedStages.includes(s) ? 'stage-done' : 'stage-pending'}`}
          >
            {post.review.approvedStages.includes(s) ? '✓ ' : ''}
            {s}
          </span>
        ))}
      </div>
      <IdentityFindings post={post} />
      {reviewing && myStages.length === 0 && (
        <p className="muted">
          Waiting for {post.review.pendingStages.join(', ') || 'nothing'}
          {post.review.pendingStages.length > 0 && ' review'}.
        </p>
      )}
      {mayReview && myStages.length > 0 && (
        <div className="stack">
          {myStages.length > 1 && (
            <Field label="Stage">
              {(p) => (
                <select {...p} value={chosen} onChange={(e) => setStage(e.target.value as Stage)}>
                  {myStages.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field
            label={`Comment for the ${chosen} review`}
            name="comment"
            error={review.error}
            hint="Required to request changes or reject."
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            )}
          </Field>
          {ownWork && (
            <div className="alert alert-info" role="note">
              You wrote or last revised this post, so another reviewer must approve it.
            </div>
          )}
          {uncleared && !ownWork && (
            <div className="alert alert-warn" role="note">
              {me.capabilities.clearIdentityMatches
                ? 'Clear each identifying detail above before approving.'
                : 'A safety reviewer must clear every identifying detail before approval.'}
            </div>
          )}
          <ProblemMessage error={review.error} shownFields={['comment']} />
          <div className="actions">
            {!ownWork && (
              <button
                type="button"
                className="btn btn-primary"
                disabled={review.isPending || uncleared}
                onClick={() => review.mutate('approve')}
              >
                Approve {chosen}
              </button>
            )}
            <button
              type="button"
              className="btn btn-secondary"
              disabled={review.isPending || !comment.trim()}
              onClick={() => review.mutate('request_changes')}
            >
              Request changes
            </button>
            <button
              type="button"
              className="btn btn-danger-outline"
              disabled={review.isPending || !comment.trim()}
              onClick={() => review.mutate('reject')}
            >
              Reject
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/**
 * The time the author asked for. Authors and editors change it in place: it is not approved
 * content, so changing it makes no new revision and sends nothing back to review.
 */
function RequestedTiming({ post, channel }: { post: PostDetail; channel: Channel | undefined }) {
  const refresh = useRefreshPost(post.id);
  const [editing, setEditing] = useState(false);
  const [timing, setTiming] = useState<Timing>(() => requestedTiming(post.requestedAt, channel));
  const change = useMutation({
    mutationFn: () =>
      call(
        api.PATCH('/api/posts/{id}', {
          params: { path: { id: post.id } },
          body: { requestedAt: requestedAtOf(timing, channel) },
        }),
      ),
    onSuccess: async () => {
      await refresh();
      setEditing(false);
    },
  });
  const mayChange = post.availableActions.includes('request_timing');
  if (editing)
    return (
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          change.mutate();
        }}
      >
        <TimingPicker
          value={timing}
          onChange={setTiming}
          channel={channel}
          legend="Requested timing"
        />
        <ProblemMessage error={change.error} />
        <div className="actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={change.isPending || (timing.kind === 'at' && !timingInstant(timing, channel))}
          >
            {change.isPending ? 'Saving…' : 'Save requested timing'}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </div>
      </form>
    );
  return (
    <p className="muted" data-testid="requested-timing">
      Requested timing:{' '}
      {post.requestedAt ? (
        <When iso={post.requestedAt} channel={channel} />
      ) : (
        'the channel’s next free slot'
      )}
      {mayChange && (
        <>
          {' '}
          <button
            type="button"
            className="btn btn-link"
            onClick={() => {
              setTiming(requestedTiming(post.requestedAt, channel));
              setEditing(true);
            }}
          >
            Change
          </button>
        </>
      )}
    </p>
  );
}

function SchedulePanel({ post, channel }: { post: PostDetail; channel: Channel | undefined }) {
  const refresh = useRefreshPost(post.id);
  // Pre-filled with what the author asked for (remounted once the channel is known).
  const [timing, setTiming] = useState<Timing>(() => requestedTiming(post.requestedAt, channel));
  const schedule = useMutation({
    mutationFn: () => {
      const at = timingInstant(timing, channel);
      return call(
        api.POST('/api/posts/{id}/schedule', {
          params: { path: { id: post.id } },
          body: timing.kind === 'next' ? { nextFreeSlot: true } : { at: at ?? '' },
        }),
      );
    },
    onSuccess: refresh,
  });
  const again = post.availableActions.includes('reschedule');
  return (
    <section className="card stack" aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">{again ? 'Reschedule' : 'Schedule'}</h2>
      <form
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          schedule.mutate();
        }}
      >
        <TimingPicker value={timing} onChange={setTiming} channel={channel} />
        <ProblemMessage error={schedule.error} />
        <div className="actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={
              schedule.isPending || (timing.kind === 'at' && !timingInstant(timing, channel))
            }
          >
            {schedule.isPending ? 'Scheduling…' : again ? 'Reschedule' : 'Schedule'}
          </button>
        </div>
      </form>
    </section>
  );
}

function CancelButton({ post }: { post: PostDetail }) {
  const refresh = useRefreshPost(post.id);
  return (
    <ReasonButton
      label="Cancel post"
      title="Cancel this post"
      intro={<p>A cancelled post is never published. It stays on record.</p>}
      rows={2}
      submitLabel="Cancel post"
      dismissLabel="Keep it"
      send={(reason) =>
        call(
          api.POST('/api/posts/{id}/cancel', {
            params: { path: { id: post.id } },
            body: { reason },
          }),
        )
      }
      onDone={refresh}
    />
  );
}

function RetractButton({ post }: { post: PostDetail }) {
  const refresh = useRefreshPost(post.id);
  return (
    <ReasonButton
      label="Delete from platform"
      title="Delete this post from the platform"
      intro={<p>Every post of the thread is deleted from the channel. The record stays here.</p>}
      rows={2}
      minLength={3}
      submitLabel="Delete from platform"
      pendingLabel="Deleting…"
      dismissLabel="Keep it"
      send={(reason) =>
        call(
          api.POST('/api/posts/{id}/retract', {
            params: { path: { id: post.id } },
            body: { reason },
          }),
        )
      }
      onDone={refresh}
    />
  );
}

/** Public metrics, sampled after publishing (+1 h, +24 h, +7 d). */
function Metrics({ post }: { post: PostDetail }) {
  const metrics = useQuery({
    queryKey: ['metrics', post.id],
    queryFn: () => call(api.GET('/api/posts/{id}/metrics', { params: { path: { id: post.id } } })),
  });
  return (
    <section className="card stack" aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Reach</h2>
      {metrics.isPending ? (
        <Loading />
      ) : metrics.isError ? (
        <ErrorState error={metrics.error} />
      ) : metrics.data.length === 0 ? (
        <p className="muted">No metrics yet: the first sample is taken an hour after publishing.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Taken</th>
                <th scope="col">Impressions</th>
                <th scope="col">Likes</th>
                <th scope="col">Reposts</th>
                <th scope="col">Replies</th>
                <th scope="col">Quotes</th>
                <th scope="col">Bookmarks</th>
              </tr>
            </thead>
            <tbody>
              {metrics.data.map((m) => (
                <tr key={`${m.takenAt}-${m.externalId}`}>
                  <td className="nowrap">{formatDateTime(m.takenAt)}</td>
                  <td>{m.impressions}</td>
                  <td>{m.likes}</td>
                  <td>{m.reposts}</td>
                  <td>{m.replies}</td>
                  <td>{m.quotes}</td>
                  <td>{m.bookmarks}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Comments({ postId }: { postId: string }) {
  const me = useMe();
  const client = useQueryClient();
  const [body, setBody] = useState('');
  const comments = useQuery({
    queryKey: ['comments', postId],
    queryFn: () => call(api.GET('/api/posts/{id}/comments', { params: { path: { id: postId } } })),
  });
  const add = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/posts/{id}/comments', {
          params: { path: { id: postId } },
          body: { body: body.trim() },
        }),
      ),
    onSuccess: () => {
      setBody('');
      void client.invalidateQueries({ queryKey: ['comments', postId] });
    },
  });
  return (
    <section className="card stack" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      {comments.isPending ? (
        <Loading />
      ) : comments.isError ? (
        <ErrorState error={comments.error} />
      ) : comments.data.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <ol className="comments">
          {comments.data.map((c) => (
            <li key={c.id}>
              <div className="muted small">
                <span className="comment-author">{c.authorName}</span>
                {c.authorId === me.id && ' (you)'} · {formatDateTime(c.createdAt)}
              </div>
              <p dir="auto">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {me.capabilities.commentOnPosts && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <Field label="Add a comment" name="body" error={add.error}>
            {(p) => (
              <textarea
                {...p}
                rows={2}
                dir="auto"
                value={body}
                onChange={(e) => setBody(e.target.value)}
              />
            )}
          </Field>
          <ProblemMessage error={add.error} shownFields={['body']} />
          <div className="actions">
            <button
              type="submit"
              className="btn btn-secondary"
              disabled={add.isPending || !body.trim()}
            >
              Comment
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export function PostPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const duplicates = (location.state as { duplicates?: Duplicate[] } | null)?.duplicates ?? [];
  const post = usePost(id);
  const campaigns = useCampaigns();
  const channels = useChannels();
  const refresh = useRefreshPost(id);
  const submit = useMutation({
    mutationFn: () => call(api.POST('/api/posts/{id}/submit', { params: { path: { id } } })),
    onSuccess: refresh,
  });
  if (post.isPending) return <Loading />;
  if (post.isError) return <ErrorState error={post.error} onRetry={() => void post.refetch()} />;
  const p = post.data;
  const channel = byId(channels.data).get(p.channelId);
  const campaign = byId(campaigns.data).get(p.campaignId);
  const actions = new Set(p.availableActions);
  const mayEdit = actions.has('edit');
  const maySchedule = actions.has('schedule') || actions.has('reschedule');
  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link to="/posts">Posts</Link> / {channelName(channel)}
      </nav>
      <div className="page-header">
        <div>
          <h1>
            Post on {channelName(channel)} <StatusBadge status={p.status} />
          </h1>
          <p className="muted">
            {campaign?.name ?? 'Unknown campaign'} · revision {p.currentRevision}
            {p.approvedRevision && ` · approved revision ${p.approvedRevision}`}
            {p.scheduledAt && (
              <>
                {' · '}
                {p.status === 'published' ? 'published for ' : ''}
                <When iso={p.scheduledAt} channel={channel} />
              </>
            )}
          </p>
          {!p.scheduledAt && <RequestedTiming post={p} channel={channel} />}
        </div>
        <div className="actions">
          {mayEdit && (
            <Link className="btn btn-secondary" to={`/posts/${p.id}/edit`}>
              Edit
            </Link>
          )}
          {actions.has('submit') && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={submit.isPending}
              onClick={() => submit.mutate()}
            >
              Submit for review
            </button>
          )}
          {actions.has('cancel') && <CancelButton post={p} />}
          {actions.has('retract') && <RetractButton post={p} />}
        </div>
      </div>
      <ProblemMessage error={submit.error} />
      {p.statusReason && (
        <div
          className={`alert ${['withdrawn', 'failed', 'rejected', 'cancelled'].includes(p.status) ? 'alert-danger' : 'alert-info'}`}
          role="status"
        >
          <strong>{statusLabel(p.status)}:</strong> {p.statusReason}
        </div>
      )}
      {p.needsRetraction && (
        <div className="alert alert-warn" role="status">
          A quote in this published post was retracted: consider deleting it from the platform.
        </div>
      )}
      {duplicates.length > 0 && (
        <div className="alert alert-warn" role="status">
          <strong>The same text is already scheduled or published:</strong>
          <ul>
            {duplicates.map((d) => (
              <li key={d.postId}>
                <Link to={`/posts/${d.postId}`}>
                  {humanize(d.status)} post
                  {d.sameChannel ? ' on this channel' : ' on another channel'}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="grid-2">
        <div className="stack">
          <section className="card" aria-labelledby="text-heading">
            <h2 id="text-heading">
              {p.revision.segments.length > 1 ? `Thread of ${p.revision.segments.length}` : 'Text'}
            </h2>
            <Segments post={p} channel={channel} />
          </section>
          {p.currentRevision > 1 && <Diff post={p} />}
          <LinkedQuotes ids={p.revision.quoteIds} />
        </div>
        <div className="stack">
          {['in_review', 'approved', 'scheduled', 'draft'].includes(p.status) ? (
            <ReviewPanel post={p} />
          ) : null}
          {maySchedule && <SchedulePanel key={channel?.id} post={p} channel={channel} />}
          <Comments postId={p.id} />
          {['published', 'deleted'].includes(p.status) && <Metrics post={p} />}
          {p.externalIds.length > 0 && (
            <section className="card">
              <h2>Published as</h2>
              <ul className="plain-list mono">
                {p.externalIds.map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ul>
            </section>
          )}
          {!campaign && !campaigns.isPending && <Empty title="Campaign not found" />}
        </div>
      </div>
    </div>
  );
}
