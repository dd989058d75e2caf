import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import {
  allPages,
  channelName,
  type PostListItem,
  useCurrentPauses,
  useRules,
} from '../api/queries';
import { useCan, useMe } from '../app/session';
import {
  endOfDay,
  formatDateTime,
  formatTime,
  humanize,
  startOfDay,
  todayDate,
} from '../ui/format';
import { Empty, ErrorState, Loading, ProblemMessage } from '../ui/states';
import { PostRow, useLookups } from './posts/post-bits';
import { CampaignObjectives } from './today/CampaignObjectives';
import { ChangesRequested } from './today/ChangesRequested';

const ON_THE_CALENDAR = [
  'scheduled',
  'publishing',
  'published',
  'held',
  'unknown',
  'failed',
] as const;

function useTodaysPosts() {
  return useQuery({
    queryKey: ['posts', 'today'],
    queryFn: () => {
      // Today where the person is, which a clock change makes 23 or 25 hours long.
      const today = todayDate();
      return allPages((cursor) =>
        call(
          api.GET('/api/posts', {
            params: {
              query: {
                from: startOfDay(today)!,
                to: endOfDay(today)!,
                status: [...ON_THE_CALENDAR],
                limit: 200,
                cursor,
              },
            },
          }),
        ),
      );
    },
    refetchInterval: 60_000,
  });
}

/** Held, unconfirmed, failed, overdue (by the server's limit) and flagged posts. */
function useAlerts() {
  const overdueAlertSeconds = useRules().data?.overdueAlertSeconds;
  return useQuery({
    queryKey: ['posts', 'alerts', overdueAlertSeconds],
    enabled: overdueAlertSeconds !== undefined,
    queryFn: async () => {
      const overdueBefore = Date.now() - (overdueAlertSeconds ?? 0) * 1000;
      const [troubled, overdue, flagged] = await Promise.all([
        call(
          api.GET('/api/posts', {
            params: { query: { status: ['held', 'unknown', 'failed'], limit: 100 } },
          }),
        ),
        call(
          api.GET('/api/posts', {
            params: {
              query: {
                status: ['scheduled'],
                to: new Date(overdueBefore).toISOString(),
                limit: 100,
              },
            },
          }),
        ),
        call(api.GET('/api/posts', { params: { query: { needsRetraction: true, limit: 100 } } })),
      ]);
      return {
        troubled: troubled.items,
        overdue: overdue.items,
        flagged: flagged.items,
        overdueAlertSeconds: overdueAlertSeconds ?? 0,
      };
    },
    refetchInterval: 60_000,
  });
}

/** Today counts the first page of the queue; a longer queue reads as "50+". */
const REVIEW_COUNT_PAGE = 50;

function ReviewCount() {
  const queue = useQuery({
    queryKey: ['review-queue', 'count'],
    queryFn: () =>
      call(api.GET('/api/posts/review-queue', { params: { query: { limit: REVIEW_COUNT_PAGE } } })),
  });
  const count = queue.data?.items.length ?? 0;
  const more = Boolean(queue.data?.nextCursor);
  return (
    <section className="card stat-card" aria-labelledby="review-count">
      <h2 id="review-count">My review queue</h2>
      {queue.isPending ? (
        <Loading />
      ) : queue.isError ? (
        <ErrorState error={queue.error} />
      ) : (
        <>
          <p className="stat" data-testid="review-count">
            {more ? `${count}+` : count}
          </p>
          <p className="muted">
            {count === 1 && !more ? 'post waits' : 'posts wait'} for a stage you can approve.
          </p>
          <Link to="/review" className="btn btn-secondary">
            Open the queue
          </Link>
        </>
      )}
    </section>
  );
}

function MyDrafts() {
  const me = useMe();
  const lookups = useLookups();
  const drafts = useQuery({
    queryKey: ['posts', 'drafts'],
    queryFn: () =>
      call(
        api.GET('/api/posts', { params: { query: { status: ['draft', 'rejected'], limit: 100 } } }),
      ),
  });
  const mine = (drafts.data?.items ?? []).filter(
    (p) => p.authorId === me.id || p.lastRevisedBy === me.id,
  );
  return (
    <section className="card" aria-labelledby="my-drafts">
      <div className="card-header">
        <h2 id="my-drafts">My drafts</h2>
        <Link to="/compose" className="btn btn-primary">
          New post
        </Link>
      </div>
      {drafts.isPending ? (
        <Loading />
      ) : drafts.isError ? (
        <ErrorState error={drafts.error} />
      ) : mine.length === 0 ? (
        <Empty title="No drafts">Posts you write or send back for changes appear here.</Empty>
      ) : (
        <ul className="post-list">
          {mine.map((p) => (
            <PostRow key={p.id} post={p} lookups={lookups} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** "5 minutes", "90 seconds": the overdue limit as people say it. */
function overdueLimit(seconds: number): string {
  return seconds % 60 === 0
    ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}`
    : `${seconds} seconds`;
}

function Alerts() {
  const alerts = useAlerts();
  const lookups = useLookups();
  const mayReschedule = useCan('schedulePosts');
  const client = useQueryClient();
  // Held posts go back out only when an editor says so, each into its channel's next free slot.
  const release = useMutation({
    mutationFn: () => call(api.POST('/api/posts/held/reschedule', { body: {} })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['posts'] }),
  });
  if (alerts.isPending) return <Loading />;
  if (alerts.isError) return <ErrorState error={alerts.error} />;
  const groups: { title: string; tone: string; posts: PostListItem[]; hint: string }[] = [
    {
      title: 'Overdue',
      tone: 'danger',
      posts: alerts.data.overdue,
      hint: `Scheduled more than ${overdueLimit(alerts.data.overdueAlertSeconds)} ago and not yet published.`,
    },
    {
      title: 'Unconfirmed',
      tone: 'danger',
      posts: alerts.data.troubled.filter((p) => p.status === 'unknown'),
      hint: 'Sent without an answer; the reconciler checks the account before anything is retried.',
    },
    {
      title: 'Failed',
      tone: 'danger',
      posts: alerts.data.troubled.filter((p) => p.status === 'failed'),
      hint: 'The platform refused them. Fix the cause, then reschedule.',
    },
    {
      title: 'Held',
      tone: 'warn',
      posts: alerts.data.troubled.filter((p) => p.status === 'held'),
      hint: 'Held by a pause or blackout: an editor reschedules them.',
    },
    {
      title: 'Published with a retracted quote',
      tone: 'warn',
      posts: alerts.data.flagged,
      hint: 'Consider deleting them from the platform.',
    },
  ].filter((g) => g.posts.length > 0);
  return (
    <section className="card" aria-labelledby="alerts">
      <h2 id="alerts">Alerts</h2>
      {release.data && (
        <div className="alert alert-info" role="status">
          {release.data.rescheduled.length} held post
          {release.data.rescheduled.length === 1 ? '' : 's'} rescheduled into free slots.
          {release.data.notRescheduled.length > 0 && (
            <ul>
              {release.data.notRescheduled.map((n) => (
                <li key={n.postId}>
                  <Link to={`/posts/${n.postId}`}>A post</Link> stays held: {n.detail}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ProblemMessage error={release.error} />
      {groups.length === 0 ? (
        <Empty title="All clear">No held, unconfirmed, failed or overdue posts.</Empty>
      ) : (
        groups.map((g) => (
          <div key={g.title} className={`alert-group tone-${g.tone}`}>
            <h3>
              {g.title} <span className="count">{g.posts.length}</span>
            </h3>
            <p className="muted">{g.hint}</p>
            <ul className="post-list">
              {g.posts.map((p) => (
                <PostRow key={p.id} post={p} lookups={lookups} />
              ))}
            </ul>
            {g.title === 'Held' && mayReschedule && (
              <button
                type="button"
                className="btn btn-secondary"
                disabled={release.isPending}
                onClick={() => release.mutate()}
              >
                {release.isPending ? 'Rescheduling…' : 'Reschedule all held posts'}
              </button>
            )}
          </div>
        ))
      )}
    </section>
  );
}

function DueToday() {
  const posts = useTodaysPosts();
  const lookups = useLookups();
  if (posts.isPending) return <Loading />;
  if (posts.isError) return <ErrorState error={posts.error} />;
  const byChannel = new Map<string, PostListItem[]>();
  for (const post of [...posts.data].sort((a, b) =>
    (a.scheduledAt ?? '').localeCompare(b.scheduledAt ?? ''),
  )) {
    byChannel.set(post.channelId, [...(byChannel.get(post.channelId) ?? []), post]);
  }
  return (
    <section className="card" aria-labelledby="due-today">
      <div className="card-header">
        <h2 id="due-today">Due today</h2>
        <Link to="/calendar" className="btn btn-secondary">
          Calendar
        </Link>
      </div>
      {byChannel.size === 0 ? (
        <Empty title="Nothing scheduled today" />
      ) : (
        [...byChannel].map(([channelId, list]) => {
          const channel = lookups.channels.get(channelId);
          return (
            <div key={channelId} className="channel-day">
              <h3>
                {channelName(channel)}{' '}
                <span className="muted">
                  {list.length} post{list.length === 1 ? '' : 's'}
                  {channel && ` · times in ${channel.timezone}`}
                </span>
              </h3>
              <ol className="timeline">
                {list.map((p) => (
                  <li key={p.id}>
                    <time dateTime={p.scheduledAt ?? undefined}>
                      {p.scheduledAt ? formatTime(p.scheduledAt, channel?.timezone) : '—'}
                    </time>
                    <ul className="post-list">
                      <PostRow post={p} lookups={lookups} showTime={false} />
                    </ul>
                  </li>
                ))}
              </ol>
            </div>
          );
        })
      )}
    </section>
  );
}

function OtherPauses() {
  const pauses = useCurrentPauses();
  const lookups = useLookups();
  const others = (pauses.data ?? []).filter(
    (p) => p.liftedAt === null && !(p.kind === 'pause' && p.scope === 'global'),
  );
  if (others.length === 0) return null;
  return (
    <section className="card" aria-labelledby="pauses-now">
      <h2 id="pauses-now">Pauses and blackouts</h2>
      <ul className="plain-list">
        {others.map((p) => (
          <li key={p.id}>
            <strong>{p.kind === 'blackout' ? 'Blackout' : 'Pause'}</strong>{' '}
            {p.scope === 'global'
              ? 'on every channel'
              : p.scope === 'campaign'
                ? `of ${lookups.campaigns.get(p.campaignId ?? '')?.name ?? 'a campaign'}`
                : `of ${channelName(lookups.channels.get(p.channelId ?? ''))}`}
            : {p.reason} <span className="muted">({humanize(p.action)})</span>{' '}
            <span className="muted">
              {formatDateTime(p.startsAt)}
              {p.endsAt ? ` – ${formatDateTime(p.endsAt)}` : ' until lifted'}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Today() {
  const me = useMe();
  const reviewer = useCan('reviewPosts');
  const composer = useCan('composePosts');
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Today</h1>
          <p className="muted">Welcome back, {me.displayName}.</p>
        </div>
      </div>
      <div className="grid-2">
        <div className="stack">
          <DueToday />
          {composer && <ChangesRequested />}
          {composer && <MyDrafts />}
        </div>
        <div className="stack">
          {reviewer && <ReviewCount />}
          <Alerts />
          <CampaignObjectives />
          <OtherPauses />
        </div>
      </div>
    </div>
  );
}
