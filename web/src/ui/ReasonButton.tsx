import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog';
import { Field } from './Field';

/**
 * A button for an irreversible step (cancel, retract…) that first says what it will do and asks
 * why: a confirmation with the consequences, a required "Reason" textarea and the API's problem.
 * `send` gets the trimmed reason; the modal closes once it has succeeded and `onDone` has run.

 * `consequences` mounts only while the dialog is open, so a preview query in it runs then.
 */
export function ReasonButton<T>({
  label,
  title,
  intro,
  consequences,
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
  consequences?: ReactNode;
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
      <ConfirmDialog
        open={open}
        title={title}
        consequences={
          <>
            {intro}
            {open && consequences}
          </>
        }
        error={action.error}
        shownFields={['reason']}
        pending={action.isPending}
        confirmLabel={submitLabel}
        pendingLabel={pendingLabel}
        cancelLabel={dismissLabel}
        onConfirm={() => action.mutate()}
        onCancel={() => setOpen(false)}
      >
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
      </ConfirmDialog>
    </>
  );
}
