import type { ReactNode } from 'react';
import type { Channel } from '../api/queries';
import { xLinks } from './length';

/** The text with each link shortened as X displays it (the t.co link it sends counts 23). */
function withLinks(text: string): { parts: ReactNode[]; first?: { url: string; host: string } } {
  const links = xLinks(text);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const link of links) {
    parts.push(text.slice(at, link.start));
    parts.push(
      <span key={link.start} className="x-link" title={link.url}>
        {link.display}
      </span>,
    );
    at = link.end;
  }
  parts.push(text.slice(at));
  const first = links[0];
  return {
    parts,
    first: first && {
      url: first.url,
      host: first.display.split('/')[0]!.replace(/…$/, ''),
    },
  };
}

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
      {segments.map((text, i) => {
        const { parts, first } = withLinks(text);
        return (
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
                {text ? parts : <span className="muted">Empty post</span>}
              </p>
              {first && (
                <div className="x-card" role="group" aria-label={`Link card for ${first.host}`}>
                  <span className="x-card-image" aria-hidden="true" />
                  <span className="x-card-host">{first.host}</span>
                  <span className="muted small">
                    The site’s own card (title and image) shows here on X.
                  </span>
                </div>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
