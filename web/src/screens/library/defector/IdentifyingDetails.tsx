import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, call, type Schemas } from '../../../api/client';
import { enumValues } from '../../../api/enums';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { Field, TextField } from '../../../ui/Field';
import { Empty, ErrorState, Loading, ProblemMessage } from '../../../ui/states';
import { Section } from '../quote-page/quote-detail';

type Detail = Schemas['IdentifyingDetailDto'];
type Kind = Detail['kind'];

const DETAIL_KINDS = enumValues<Kind>()(
  'real_name',
  'hometown',
  'family',
  'unit',
  'location',
  'other',
);

const KIND_LABEL: Record<Kind, string> = {
  real_name: 'Real name',
  hometown: 'Hometown',
  family: 'Family',
  unit: 'Unit',
  location: 'Location',
  other: 'Other',
};

/** Other spellings are typed one per line (commas belong to some place names). */
const splitAliases = (text: string) =>
  text
    .split('\n')
    .map((a) => a.trim())
    .filter(Boolean);

interface Draft {
  kind: Kind | '';
  value: string;
  aliases: string;
}

const EMPTY: Draft = { kind: '', value: '', aliases: '' };

function DetailForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial: Draft;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (draft: { kind: Kind; value: string; aliases: string[] }) => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.kind) return;
    onSubmit({ kind: draft.kind, value: draft.value.trim(), aliases: splitAliases(draft.aliases) });
  };
  return (
    <form className="stack" onSubmit={submit}>
      <Field label="Kind" name="kind" error={error}>
        {(p) => (
          <select
            {...p}
            required
            value={draft.kind}
            onChange={(e) => setDraft({ ...draft, kind: e.target.value as Kind })}
          >
            <option value="">Choose…</option>
            {DETAIL_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField
        label="Detail"
        name="value"
        error={error}
        required
        value={draft.value}
        onChange={(value) => setDraft({ ...draft, value })}
      />
      <Field
        label="Other spellings"
        name="aliases"
        error={error}
        hint="One per line: other scripts, transliterations, nicknames. Usual Latin spellings of Arabic are checked without listing them."
      >
        {(p) => (
          <textarea
            {...p}
            rows={3}
            dir="auto"
            value={draft.aliases}
            onChange={(e) => setDraft({ ...draft, aliases: e.target.value })}
          />
        )}
      </Field>
      <ProblemMessage error={error} shownFields={['kind', 'value', 'aliases']} />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function DetailItem({ defectorId, detail }: { defectorId: string; detail: Detail }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const path = { id: defectorId, detailId: detail.id };
  const refresh = () => client.invalidateQueries({ queryKey: ['identifying-details', defectorId] });
  const update = useMutation({
    mutationFn: (body: Schemas['UpdateIdentifyingDetailDto']) =>
      call(
        api.PATCH('/api/library/defectors/{id}/identifying-details/{detailId}', {
          params: { path },
          body,
        }),
      ),
    onSuccess: () => {
      setEditing(false);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      call(
        api.DELETE('/api/library/defectors/{id}/identifying-details/{detailId}', {
          params: { path },
        }),
      ),
    onSuccess: () => {
      setRemoving(false);
      void refresh();
    },
  });
  return (
    <li className="detail-item">
      {editing ? (
        <DetailForm
          initial={{ kind: detail.kind, value: detail.value, aliases: detail.aliases.join('\n') }}
          submitLabel="Save detail"
          pending={update.isPending}
          error={update.error}
          onSubmit={(body) => update.mutate(body)}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <div>
            <strong>{KIND_LABEL[detail.kind]}:</strong> <span dir="auto">{detail.value}</span>
          </div>
          {detail.aliases.length > 0 && (
            <div className="muted small">
              Also spelled:{' '}
              {detail.aliases.map((a, i) => (
                <span key={a} dir="auto">
                  {i > 0 && ', '}
                  {a}
                </span>
              ))}
            </div>
          )}
          <div className="actions">
            <button
              type="button"
              className="btn btn-secondary btn-small"
              onClick={() => setEditing(true)}
            >
              Edit <span className="sr-only">{KIND_LABEL[detail.kind].toLowerCase()} detail</span>
            </button>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              onClick={() => setRemoving(true)}
            >
              Remove <span className="sr-only">{KIND_LABEL[detail.kind].toLowerCase()} detail</span>
            </button>
          </div>
        </>
      )}
      <ConfirmDialog
        open={removing}
        title="Remove this identifying detail"
        consequences={
          <p>
            Posts and quotes will no longer be checked for “{detail.value}” or its other spellings.
            A post that names it could then be approved without a safety review of that detail.
          </p>
        }
        error={remove.error}
        pending={remove.isPending}
        confirmLabel="Remove detail"
        pendingLabel="Removing…"
        cancelLabel="Keep detail"
        onConfirm={() => remove.mutate()}
        onCancel={() => setRemoving(false)}
      />
    </li>
  );
}

/** The identifying details of one defector: safety reviewers and admins only (the API refuses others). */
export function IdentifyingDetails({ defectorId }: { defectorId: string }) {
  const client = useQueryClient();
  const [formKey, setFormKey] = useState(0);
  const details = useQuery({
    queryKey: ['identifying-details', defectorId],
    queryFn: () =>
      call(
        api.GET('/api/library/defectors/{id}/identifying-details', {
          params: { path: { id: defectorId } },
        }),
      ),
  });
  const add = useMutation({
    mutationFn: (body: Schemas['CreateIdentifyingDetailDto']) =>
      call(
        api.POST('/api/library/defectors/{id}/identifying-details', {
          params: { path: { id: defectorId } },
          body,
        }),
      ),
    onSuccess: () => {
      setFormKey((k) => k + 1);
      void client.invalidateQueries({ queryKey: ['identifying-details', defectorId] });
    },
  });
  const items = details.data?.items ?? [];
  return (
    <Section title="Identifying details">
      <p className="muted small">
        Seen by safety reviewers and admins only. Compose, the review and the quote library warn
        when a text names one of these or another spelling of it.
      </p>
      {details.isPending ? (
        <Loading />
      ) : details.isError ? (
        <ErrorState error={details.error} onRetry={() => void details.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="No identifying details recorded" />
      ) : (
        <ul className="plain-list detail-list">
          {DETAIL_KINDS.flatMap((kind) => items.filter((d) => d.kind === kind)).map((d) => (
            <DetailItem key={d.id} defectorId={defectorId} detail={d} />
          ))}
        </ul>
      )}
      <h3>Add a detail</h3>
      <DetailForm
        key={formKey}
        initial={EMPTY}
        submitLabel="Add detail"
        pending={add.isPending}
        error={add.error}
        onSubmit={(body) => add.mutate(body)}
      />
    </Section>
  );
}
