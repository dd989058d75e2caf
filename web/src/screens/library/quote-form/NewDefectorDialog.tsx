import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../../api/client';
import { Dialog } from '../../../ui/Dialog';
import { Field } from '../../../ui/Field';
import { ProblemMessage } from '../../../ui/states';
import { orNull } from './draft';

export function NewDefectorDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const [form, setForm] = useState({
    displayName: '',
    nationality: '',
    ageAsReported: '',
    gender: '',
    consentStatus: 'public_record' as 'public_record' | 'obtained',
    consentReason: '',
  });
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/library/defectors', {
          body: {
            displayName: form.displayName.trim(),
            nationality: orNull(form.nationality),
            ageAsReported: form.ageAsReported ? Number(form.ageAsReported) : null,
            gender: orNull(form.gender),
            consentStatus: form.consentStatus,
            ...(form.consentReason.trim() ? { consentReason: form.consentReason.trim() } : {}),
          },
        }),
      ),
    onSuccess: (defector) => {
      void client.invalidateQueries({ queryKey: ['defectors'] });
      onCreated(defector.id);
    },
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  return (
    <Dialog open={open} title="New person quoted" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field
          label="Name as published"
          name="displayName"
          error={create.error}
          hint="Often a pseudonym; never add a real name here."
        >
          {(p) => <input {...p} required value={form.displayName} onChange={set('displayName')} />}
        </Field>
        <div className="row">
          <Field label="Nationality" name="nationality" error={create.error}>
            {(p) => <input {...p} value={form.nationality} onChange={set('nationality')} />}
          </Field>
          <Field label="Age as reported" name="ageAsReported" error={create.error}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={10}
                max={110}
                value={form.ageAsReported}
                onChange={set('ageAsReported')}
              />
            )}
          </Field>
          <Field label="Gender" name="gender" error={create.error}>
            {(p) => <input {...p} value={form.gender} onChange={set('gender')} />}
          </Field>
        </div>
        <Field label="Consent" name="consentStatus" error={create.error}>
          {(p) => (
            <select {...p} value={form.consentStatus} onChange={set('consentStatus')}>
              <option value="public_record">public record</option>
              <option value="obtained">obtained</option>
            </select>
          )}
        </Field>
        <Field label="Why (kept in the consent history)" name="consentReason" error={create.error}>
          {(p) => <input {...p} value={form.consentReason} onChange={set('consentReason')} />}
        </Field>
        <ProblemMessage
          error={create.error}
          shownFields={[
            'displayName',
            'nationality',
            'ageAsReported',
            'gender',
            'consentStatus',
            'consentReason',
          ]}
        />
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            Add person
          </button>
        </div>
      </form>
    </Dialog>
  );
}
