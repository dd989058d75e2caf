import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, call } from '../api/client';
import { type Pause, useCurrentPauses } from '../api/queries';
import { Dialog } from '../ui/Dialog';
import { Field } from '../ui/Field';
import { formatDateTime } from '../ui/format';
import { ProblemMessage } from '../ui/states';
import { useCan } from './session';

/** The global pause in force now, if any: it stops every channel at once. */
function activeGlobalPause(pauses: readonly Pause[] | undefined): Pause | undefined {
  const now = Date.now();
  return pauses?.find(
    (p) =>
      p.kind === 'pause' &&
      p.scope === 'global' &&
      p.liftedAt === null &&
      Date.parse(p.startsAt) <= now &&
      (p.endsAt === null || Date.parse(p.endsAt) > now),
  );
}

/** Shown on every screen while publishing is paused for all channels. */
export function PauseBanner() {
  const pauses = useCurrentPauses();
  const mayPause = useCan('managePauses');
  const client = useQueryClient();
  const lift = useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/pauses/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['pauses'] }),
  });
  const pause = activeGlobalPause(pauses.data);
  if (!pause) return null;
  return (
    <div className="pause-banner" role="alert">
      <div>
        <strong>Publishing is paused on every channel.</strong> “{pause.reason}”{' '}
        <span className="pause-since">
          · since {formatDateTime(pause.startsAt)} ·{' '}
          {pause.action === 'defer' ? 'due posts are deferred' : 'due posts are held'}
        </span>
      </div>
      {mayPause && (
        <button
          type="button"
          className="btn btn-light"
          disabled={lift.isPending}
          onClick={() => lift.mutate(pause.id)}
        >
          {lift.isPending ? 'Lifting…' : 'Lift pause'}
        </button>
      )}
      {lift.error && <ProblemMessage error={lift.error} />}
    </div>
  );
}

/** The emergency stop: asks why, then pauses every channel until someone lifts it. */
export function PauseAllButton({ className = 'btn btn-danger-outline' }: { className?: string }) {
  const mayPause = useCan('managePauses');
  const pauses = useCurrentPauses();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/pauses', {
          body: { kind: 'pause', scope: 'global', action: 'hold', reason: reason.trim() },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['pauses'] });
      setOpen(false);
      setReason('');
    },
  });
  if (!mayPause || activeGlobalPause(pauses.data)) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)}>
        {/* On phones the top bar shows "Pause all"; the name stays the whole phrase. */}
        Pause all<span className="narrow-hidden"> publishing</span>
      </button>
      <Dialog open={open} title="Pause all publishing" onClose={() => setOpen(false)}>
        <form onSubmit={submit} className="stack">
          <p>
            Every channel stops publishing at once. Posts that fall due are held until an editor
            reschedules them. The reason is shown to the whole team and kept in the audit log.
          </p>
          <Field label="Reason" name="reason" error={create.error}>
            {(p) => (
              <textarea
                {...p}
                required
                minLength={3}
                maxLength={500}
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                placeholder="e.g. Breaking news: attack in progress"
              />
            )}
          </Field>
          <ProblemMessage error={create.error} shownFields={['reason']} />
          <div className="actions">
            <button type="submit" className="btn btn-danger" disabled={create.isPending}>
              {create.isPending ? 'Pausing…' : 'Pause now'}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setOpen(false)}>
              Keep publishing
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
