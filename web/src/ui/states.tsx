import type { ReactNode } from 'react';
import { ApiProblem, type FieldProblem } from '../api/client';
import { formatDateTime } from './format';

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * The server writes instants as ISO 8601; people read them in their own zone and format. Examples
 * of a format ("a date-time such as 2026-03-01T09:30:00Z") stay as written: they show what to type.
 */
export function readable(text: string): string {
  return text
    .split(/(such as [^;]*)/)
    .map((part, i) =>
      i % 2 === 1 ? part : part.replace(ISO_INSTANT, (iso) => formatDateTime(iso)),
    )
    .join('');
}

/**
 * A field problem as a sentence about the form's label, not the API's field name:
 * "segments[0] must be shorter…" → "Text must be shorter…".
 */
export function fieldMessage(problem: FieldProblem, label?: string): string {
  const message = readable(problem.message);
  const named =
    label && message.startsWith(problem.field)
      ? label + message.slice(problem.field.length)
      : message;
  return named.charAt(0).toUpperCase() + named.slice(1) + (/[.!?]$/.test(named) ? '' : '.');
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** A failed request, with the API's own explanation when it gave one. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const problem = error instanceof ApiProblem ? error : undefined;
  return (
    <div className="state state-error" role="alert">
      <strong>{problem ? problem.title : 'Something went wrong'}</strong>
      <p>{readable(problem ? problem.detail : String((error as Error)?.message ?? error))}</p>
      {onRetry && (
        <button type="button" className="btn btn-secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children && <div>{children}</div>}
    </div>
  );
}

/**
 * A mutation's problem for people: a sentence, then each field error not shown next to its field,
 * named by the form's `labels` (API field name → label) rather than the API's field names.
 */
export function ProblemMessage({
  error,
  shownFields = [],
  labels = {},
}: {
  error: unknown;
  shownFields?: string[];
  labels?: Record<string, string>;
}) {
  if (!error) return null;
  if (!(error instanceof ApiProblem)) {
    return (
      <div className="alert alert-danger" role="alert">
        {String((error as Error).message ?? error)}
      </div>
    );
  }
  const others = error.errors.filter((e) => !shownFields.includes(e.field));
  // With field errors the detail only repeats them (joined by semicolons): a summary reads better.
  const summary =
    error.errors.length === 0
      ? readable(error.detail)
      : others.length === 0
        ? 'Please correct the fields marked above.'
        : 'Please correct the following:';
  return (
    <div className="alert alert-danger" role="alert">
      <strong>{summary}</strong>
      {others.length > 0 && (
        <ul>
          {others.map((e, i) => (
            <li key={i}>
              {e.line !== undefined && `Line ${e.line}: `}
              {fieldMessage(e, labels[e.field])}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
