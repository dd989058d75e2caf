import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Dialog } from './Dialog';
import { Field } from './Field';
import { ProblemMessage } from './states';

/**
 * A button for an irreversible step (cancel, retract…) that first asks why: a modal with an
 * explanation, a required "Reason" textarea, the API's problem, and confirm/dismiss buttons.
 * `send` gets the trimmed reason; the modal closes once it has succeeded and `onDone` has run.
 */
export function ReasonButton<T>({
  label,
  title,
  intro,
  rows,
  minLength,
  submitLabel,
  pendingLabel,
  dismissLabel,
  send,
  onDone,
}: {
  label: ReactNode;
  title: string;
  intro: ReactNode;
  rows: number;
  minLength?: number;
  submitLabel: ReactNode;
  pendingLabel?: ReactNode;
  dismissLabel: ReactNode;
  send: (reason: string) => Promise<T>;
  onDone: (result: T) => unknown;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const action = useMutation({
    mutationFn: () => send(reason.trim()),
    onSuccess: async (result) => {
      setOpen(false);
      await onDone(result);
    },
  });
  return (
    <>
      <button type="button" className="btn btn-danger-outline" onClick={() => setOpen(true)}>
        {label}
      </button>
      <Dialog open={open} title={title} onClose={() => setOpen(false)}>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            action.mutate();
          }}
        >
          {intro}
          <Field label="Reason" name="reason" error={action.error}>
            {(p) => (
              <textarea
                {...p}
                rows={rows}
                required
                minLength={minLength}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            )}
          </Field>
          <ProblemMessage error={action.error} shownFields={['reason']} />
          <div className="actions">
            <button type="submit" className="btn btn-danger" disabled={action.isPending}>
              {action.isPending && pendingLabel ? pendingLabel : submitLabel}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setOpen(false)}>
              {dismissLabel}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
