import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import { ProblemMessage } from './states';

/**
 * Asks before a destructive step, saying what it will do first. The safe choice comes first and
 * holds the focus, so Enter or a hurried click never does the damage; the confirm button waits
 * until the consequences are known.
 */
export function ConfirmDialog({
  open,
  title,
  consequences,
  children,
  error,
  shownFields,
  pending,
  confirmLabel,
  pendingLabel,
  cancelLabel,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  /** What will happen, usually a `<Consequences>`; shown before anything else. */
  consequences?: ReactNode;
  /** Extra inputs the action needs (a reason). */
  children?: ReactNode;
  error?: unknown;
  /** Fields whose messages `children` already show next to them. */
  shownFields?: string[];
  pending: boolean;
  confirmLabel: ReactNode;
  pendingLabel?: ReactNode;
  cancelLabel: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog open={open} title={title} onClose={onCancel}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        {consequences}
        {children}
        <ProblemMessage error={error} shownFields={shownFields} />
        <div className="actions">
          <button type="button" className="btn btn-secondary" autoFocus onClick={onCancel}>
            {cancelLabel}
          </button>
          <button type="submit" className="btn btn-danger" disabled={pending}>
            {pending && pendingLabel ? pendingLabel : confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A preview endpoint's answer as sentences ("3 scheduled posts will be withdrawn."). */
export function Consequences({ query }: { query: UseQueryResult<string[]> }) {
  if (query.isPending) {
    return (
      <p className="consequences" role="status">
        Counting what this will change…
      </p>
    );
  }
  if (query.isError) return <ProblemMessage error={query.error} />;
  return (
    <div className="consequences" role="status">
      <strong>What this will do</strong>
      <ul>
        {query.data.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
