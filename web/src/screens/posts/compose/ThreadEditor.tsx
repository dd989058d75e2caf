import { type Dispatch, type RefObject, type SetStateAction, useRef } from 'react';
import { ApiProblem } from '../../../api/client';
import { humanize } from '../../../ui/format';
import { MAX_THREAD_SEGMENTS } from '../../../posts/length';
import { type IdentityMatch } from './identity-warnings';
import { weightedLength, X_MAX_WEIGHTED_LENGTH } from '../../../posts/length';

function LengthMeter({ text }: { text: string }) {
  const { weightedLength: length } = weightedLength(text);
  const over = length > X_MAX_WEIGHTED_LENGTH;
  const ratio = Math.min(1, length / X_MAX_WEIGHTED_LENGTH);
  return (
    <div className={`length ${over ? 'over' : ratio > 0.9 ? 'near' : ''}`}>
      <span className="length-bar" aria-hidden="true">
        <span style={{ width: `${ratio * 100}%` }} />
      </span>
      <span className="length-count" data-testid="weighted-length">
        {length} / {X_MAX_WEIGHTED_LENGTH}
      </span>
      {over && <span className="sr-only"> — too long for X</span>}
    </div>
  );
}

/**
 * The thread being written: one box per post, with its weighted length, the server's field
 * errors and the identity check's warnings; posts can be moved, removed and added.
 */
export function ThreadEditor({
  segments,
  setSegments,
  problem,
  identityMatches,
  lang,
  active,
}: {
  segments: string[];
  setSegments: Dispatch<SetStateAction<string[]>>;
  problem: ApiProblem | undefined;
  identityMatches: IdentityMatch[];
  lang: string | undefined;
  /** Where the caret is, so an inserted quote lands there. */
  active: RefObject<{ index: number; caret: number }>;
}) {
  const boxes = useRef<(HTMLTextAreaElement | null)[]>([]);
  const setSegment = (index: number, text: string) =>
    setSegments((all) => all.map((s, i) => (i === index ? text : s)));
  const move = (index: number, by: -1 | 1) =>
    setSegments((all) => {
      const next = [...all];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });
  return (
    <section className="card stack" aria-labelledby="thread-heading">
      <h2 id="thread-heading">{segments.length > 1 ? `Thread of ${segments.length}` : 'Post'}</h2>
      {segments.map((text, index) => {
        const messages = problem?.forField(`segments[${index}]`) ?? [];
        const matches = identityMatches.filter((m) => m.segment === index);
        return (
          <div key={index} className="segment">
            <div className="segment-head">
              <label htmlFor={`segment-${index}`}>
                {segments.length > 1 ? `Post ${index + 1} of ${segments.length}` : 'Text'}
              </label>
              <div className="segment-tools">
                <button
                  type="button"
                  className="btn-icon"
                  aria-label={`Move post ${index + 1} up`}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="btn-icon"
                  aria-label={`Move post ${index + 1} down`}
                  disabled={index === segments.length - 1}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="btn-icon"
                  aria-label={`Remove post ${index + 1}`}
                  disabled={segments.length === 1}
                  onClick={() => setSegments((all) => all.filter((_, i) => i !== index))}
                >
                  ×
                </button>
              </div>
            </div>
            <textarea
              id={`segment-${index}`}
              ref={(el) => {
                boxes.current[index] = el;
              }}
              rows={4}
              dir="auto"
              lang={lang}
              value={text}
              aria-invalid={messages.length > 0 || undefined}
              aria-describedby={`segment-${index}-length`}
              onChange={(e) => setSegment(index, e.target.value)}
              onSelect={(e) => (active.current = { index, caret: e.currentTarget.selectionStart })}
              onFocus={(e) => (active.current = { index, caret: e.currentTarget.selectionStart })}
            />
            <div id={`segment-${index}-length`}>
              <LengthMeter text={text} />
            </div>
            {messages.length > 0 && <div className="field-error">{messages.join(' ')}</div>}
            {matches.length > 0 && (
              <div className="alert alert-warn" role="status">
                <strong>This post may identify someone:</strong>{' '}
                {matches.map((m, i) => (
                  <span key={i}>
                    {i > 0 && '; '}“{m.matchedText}” is a private{' '}
                    {/* Which kind of detail only safety reviewers and admins are told. */}
                    {m.kind ? `${humanize(m.kind)} ` : 'identifying '}detail
                  </span>
                ))}
                . A safety reviewer must clear it before approval.
              </div>
            )}
          </div>
        );
      })}
      <div className="actions">
        <button
          type="button"
          className="btn btn-secondary"
          disabled={segments.length >= MAX_THREAD_SEGMENTS}
          onClick={() => {
            setSegments((all) => [...all, '']);
            active.current = { index: segments.length, caret: 0 };
            requestAnimationFrame(() => boxes.current[segments.length]?.focus());
          }}
        >
          Add post to thread
        </button>
      </div>
    </section>
  );
}
