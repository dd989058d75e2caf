import type { Channel } from '../api/queries';

/** How the thread will read on X: one card per post, joined by the thread line. */
export function ThreadPreview({
  segments,
  channel,
  lang,
}: {
  segments: readonly string[];
  channel: Channel | undefined;
  lang?: string;
}) {
  const handle = channel ? channel.handle.replace(/^@/, '') : 'channel';
  const name = channel?.displayName ?? handle;
  return (
    <ol className="x-thread" aria-label="Preview">
      {segments.map((text, i) => (
        <li key={i} className="x-post">
          <div className="x-avatar" aria-hidden="true">
            {name.slice(0, 1).toUpperCase()}
          </div>
          <div className="x-body">
            <div className="x-head">
              <strong>{name}</strong> <span className="muted">@{handle}</span>
              {segments.length > 1 && (
                <span className="muted">
                  {' '}
                  · {i + 1}/{segments.length}
                </span>
              )}
            </div>
            <p className="x-text" dir="auto" lang={lang}>
              {text || <span className="muted">Empty post</span>}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
