import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, call } from '../../../api/client';
import { type Channel } from '../../../api/queries';
import {
  requestedAtOf,
  requestedTiming,
  type Timing,
  TimingPicker,
  timingInstant,
} from '../../../posts/timing';
import { ProblemMessage } from '../../../ui/states';
import { type PostDetail, useRefreshPost } from './post-detail';
import { When } from './PostText';

/**
 * The time the author asked for. Authors and editors change it in place: it is not approved
 * content, so changing it makes no new revision and sends nothing back to review.
 */
export function RequestedTiming({
  post,
  channel,
}: {
  post: PostDetail;
  channel: Channel | undefined;
}) {
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

export function SchedulePanel({
  post,
  channel,
}: {
  post: PostDetail;
  channel: Channel | undefined;
}) {
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
