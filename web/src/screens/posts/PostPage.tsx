import { useMutation } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { byId, channelName, useCampaigns, useChannels } from '../../api/queries';
import { StatusBadge, statusLabel } from '../../ui/badges';
import { humanize } from '../../ui/format';
import { Empty, ErrorState, Loading, ProblemMessage } from '../../ui/states';
import { usePost } from './post-bits';
import { useRefreshPost } from './post-page/post-detail';
import { Segments, When } from './post-page/PostText';
import { RevisionDiff } from './post-page/RevisionDiff';
import { LinkedQuotes } from './post-page/LinkedQuotes';
import { ReviewPanel } from './post-page/ReviewPanel';
import { RequestedTiming, SchedulePanel } from './post-page/Timing';
import { CancelButton, RetractButton } from './post-page/PostButtons';
import { Reach } from './post-page/Reach';
import { Conversation } from './post-page/Conversation';
import { PublishingOutcome } from './post-page/PublishingOutcome';

type Duplicate = Schemas['DuplicateWarningDto'];

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
      <PublishingOutcome post={p} />
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
          {p.currentRevision > 1 && <RevisionDiff post={p} />}
          <LinkedQuotes ids={p.revision.quoteIds} />
        </div>
        <div className="stack">
          {['in_review', 'approved', 'scheduled', 'draft'].includes(p.status) ? (
            <ReviewPanel post={p} />
          ) : null}
          {maySchedule && <SchedulePanel key={channel?.id} post={p} channel={channel} />}
          <Conversation post={p} />
          {['published', 'deleted'].includes(p.status) && <Reach post={p} />}
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
