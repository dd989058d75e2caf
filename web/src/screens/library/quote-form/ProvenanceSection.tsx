import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../../api/client';
import { useMe } from '../../../app/session';
import { Field, SearchSelect } from '../../../ui/Field';
import { humanize } from '../../../ui/format';
import { SETTABLE_VERIFICATIONS } from '../library-bits';
import { type Draft, type DraftSectionProps, type QuoteDetail, type SetDraft } from './draft';
import { NewDefectorDialog } from './NewDefectorDialog';
import { NewSourceDialog } from './NewSourceDialog';

/**
 * Where the quote comes from and who said it: source and person are searched as one types, and
 * either can be created on the spot. A new quote also gets its verification level here.
 */
export function ProvenanceSection({
  draft,
  set,
  error,
  existing,
  pickers,
}: DraftSectionProps & {
  /** The quote being edited; absent when adding one. */
  existing: QuoteDetail | undefined;
  pickers: ProvenancePickers;
}) {
  const me = useMe();
  const editing = !!existing;
  const { sourceText, setSourceText, defectorText, setDefectorText, setDialog } = pickers;
  const sources = useQuery({
    queryKey: ['sources', sourceText],
    queryFn: () =>
      call(
        api.GET('/api/library/sources', {
          params: { query: { text: sourceText || undefined, limit: 100 } },
        }),
      ),
  });
  const defectors = useQuery({
    queryKey: ['defectors', defectorText],
    queryFn: () =>
      call(
        api.GET('/api/library/defectors', {
          params: { query: { displayName: defectorText || undefined, limit: 100 } },
        }),
      ),
  });
  const sourceOptions = sources.data?.items ?? [];
  const defectorOptions = defectors.data?.items ?? [];
  return (
    <section className="card stack">
      <h2>Provenance</h2>
      <SearchSelect
        searchLabel="Find a source"
        searchPlaceholder="outlet, title or url"
        searchText={sourceText}
        onSearchText={setSourceText}
        label="Source"
        name="sourceId"
        error={error}
        placeholder="Choose a source…"
        value={draft.sourceId}
        onChange={(v) => set('sourceId', v)}
        options={[
          ...(existing && !sourceOptions.some((s) => s.id === existing.source.id)
            ? [existing.source]
            : []),
          ...sourceOptions,
        ].map((s) => ({ value: s.id, label: `${s.outlet} — ${s.title}` }))}
      >
        {me.capabilities.contributeToLibrary && (
          <button
            type="button"
            className="btn btn-secondary align-end"
            onClick={() => setDialog('source')}
          >
            New source
          </button>
        )}
      </SearchSelect>
      <Field
        label="Where in the source"
        name="sourceLocator"
        error={error}
        hint="A page, a timestamp, or through whom it was relayed."
      >
        {(p) => (
          <input
            {...p}
            value={draft.sourceLocator}
            onChange={(e) => set('sourceLocator', e.target.value)}
          />
        )}
      </Field>
      <SearchSelect
        searchLabel="Find a person"
        searchPlaceholder="name as published"
        searchText={defectorText}
        onSearchText={setDefectorText}
        label="Person quoted"
        name="defectorId"
        error={error}
        placeholder="Choose a person…"
        value={draft.defectorId}
        onChange={(v) => set('defectorId', v)}
        options={[
          ...(existing && !defectorOptions.some((d) => d.id === existing.defector.id)
            ? [{ value: existing.defector.id, label: existing.defector.displayName }]
            : []),
          ...defectorOptions.map((d) => ({
            value: d.id,
            label:
              d.displayName +
              (d.nationality ? ` (${d.nationality})` : '') +
              (d.consentStatus === 'withdrawn' ? ' — consent withdrawn' : ''),
          })),
        ]}
      >
        <button
          type="button"
          className="btn btn-secondary align-end"
          onClick={() => setDialog('defector')}
        >
          New person
        </button>
      </SearchSelect>
      {!editing && (
        <div className="row">
          <Field label="Verification" name="verification" error={error}>
            {(p) => (
              <select
                {...p}
                value={draft.verification}
                onChange={(e) => set('verification', e.target.value as Draft['verification'])}
              >
                {SETTABLE_VERIFICATIONS.map((v) => (
                  <option key={v} value={v}>
                    {humanize(v)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Why this level" name="verificationReason" error={error} className="grow">
            {(p) => (
              <input
                {...p}
                value={draft.verificationReason}
                onChange={(e) => set('verificationReason', e.target.value)}
              />
            )}
          </Field>
        </div>
      )}
    </section>
  );
}

/** What the source and person pickers are searching for, and which create dialog is open. */
export function useProvenancePickers() {
  const [sourceText, setSourceText] = useState('');
  const [defectorText, setDefectorText] = useState('');
  const [dialog, setDialog] = useState<'source' | 'defector' | null>(null);
  return { sourceText, setSourceText, defectorText, setDefectorText, dialog, setDialog };
}
type ProvenancePickers = ReturnType<typeof useProvenancePickers>;

/**
 * The dialogs that create a source or a person and pick it. Rendered outside the quote's form:
 * each holds a form of its own, and forms do not nest.
 */
export function ProvenanceDialogs({ pickers, set }: { pickers: ProvenancePickers; set: SetDraft }) {
  const { dialog, setDialog, setSourceText, setDefectorText } = pickers;
  return (
    <>
      <NewSourceDialog
        open={dialog === 'source'}
        onClose={() => setDialog(null)}
        onCreated={(sourceId) => {
          set('sourceId', sourceId);
          setSourceText('');
          setDialog(null);
        }}
      />
      <NewDefectorDialog
        open={dialog === 'defector'}
        onClose={() => setDialog(null)}
        onCreated={(defectorId) => {
          set('defectorId', defectorId);
          setDefectorText('');
          setDialog(null);
        }}
      />
    </>
  );
}
