import { type ReactNode } from 'react';
import { Dialog } from './Dialog';
import { Field } from './Field';
import { ProblemMessage } from './states';

/**
 * A modal form that asks for a reason before an irreversible step (cancel, retract…):
 * an explanation, a required "Reason" textarea, the API's problem, and confirm/dismiss buttons.
 */
export function ReasonDialog({
  open,
  title,
  onClose,
  intro,
  reason,
  onReasonChange,
  rows,
  minLength,
  error,
  pending,
  onSubmit,
  submitLabel,
  dismissLabel,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  intro: ReactNode;
  reason: string;
  onReasonChange: (reason: string) => void;
  rows: number;
  minLength?: number;
  error: unknown;
  pending: boolean;
  onSubmit: () => void;
  submitLabel: ReactNode;
  dismissLabel: ReactNode;
}) {
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {intro}
        <Field label="Reason" name="reason" error={error}>
          {(p) => (
            <textarea
              {...p}
              rows={rows}
              required
              minLength={minLength}
              value={reason}
              onChange={(e) => onReasonChange(e.target.value)}
            />
          )}
        </Field>
        <ProblemMessage error={error} shownFields={['reason']} />
        <div className="actions">
          <button type="submit" className="btn btn-danger" disabled={pending}>
            {submitLabel}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {dismissLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
