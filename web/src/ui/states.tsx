import type { ReactNode } from 'react';
import { ApiProblem } from '../api/client';

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
      <p>{problem ? problem.detail : String((error as Error)?.message ?? error)}</p>
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

/** A mutation's problem: the detail, plus any field errors not shown next to a field. */
export function ProblemMessage({
  error,
  shownFields = [],
}: {
  error: unknown;
  shownFields?: string[];
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
  return (
    <div className="alert alert-danger" role="alert">
      <strong>{error.detail}</strong>
      {others.length > 0 && (
        <ul>
          {others.map((e, i) => (
            <li key={i}>
              {e.line !== undefined && `Line ${e.line}: `}
              {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
