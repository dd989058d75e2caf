import { type Channel } from '../../../api/queries';
import { X_MAX_WEIGHTED_LENGTH } from '../../../posts/length';
import { formatDateTime, userTimeZone } from '../../../ui/format';
import { type PostDetail } from './post-detail';

export function When({ iso, channel }: { iso: string; channel: Channel | undefined }) {
  const local = channel ? formatDateTime(iso, channel.timezone) : undefined;
  const mine = formatDateTime(iso, userTimeZone);
  return (
    <time dateTime={iso}>
      {local ?? mine}
      {local && local !== mine && <span className="muted"> · {mine} your time</span>}
    </time>
  );
}

export function Segments({ post, channel }: { post: PostDetail; channel: Channel | undefined }) {
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
