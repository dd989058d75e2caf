import { useThemes } from '../../../api/queries';
import { CheckboxGroup, Field } from '../../../ui/Field';
import { humanize } from '../../../ui/format';
import { type DraftSectionProps } from './draft';

/** The words: the quote, its language and translation, the claim it rebuts, its themes. */
export function TestimonySection({ draft, set, error }: DraftSectionProps) {
  const themes = useThemes();
  return (
    <section className="card stack">
      <h2>Testimony</h2>
      <Field label="Quote text, exactly as published" name="text" error={error}>
        {(p) => (
          <textarea
            {...p}
            rows={4}
            required
            dir="auto"
            lang={draft.language}
            value={draft.text}
            onChange={(e) => set('text', e.target.value)}
          />
        )}
      </Field>
      <div className="row">
        <Field label="Language" name="language" error={error} hint="A tag such as en, ar or pt-BR.">
          {(p) => (
            <input
              {...p}
              required
              size={8}
              value={draft.language}
              onChange={(e) => set('language', e.target.value)}
            />
          )}
        </Field>
        <Field label="Rebuts the claim" name="rebutsClaim" error={error} className="grow">
          {(p) => (
            <input
              {...p}
              value={draft.rebutsClaim}
              onChange={(e) => set('rebutsClaim', e.target.value)}
              placeholder="e.g. Fighters live a life of heroism."
            />
          )}
        </Field>
      </div>
      <Field label="Translation" name="translation" error={error}>
        {(p) => (
          <textarea
            {...p}
            rows={3}
            dir="auto"
            value={draft.translation}
            onChange={(e) => set('translation', e.target.value)}
          />
        )}
      </Field>
      <div className="row">
        <Field label="Translation language" name="translationLanguage" error={error}>
          {(p) => (
            <input
              {...p}
              size={8}
              value={draft.translationLanguage}
              onChange={(e) => set('translationLanguage', e.target.value)}
            />
          )}
        </Field>
        <Field label="Translator" name="translator" error={error} className="grow">
          {(p) => (
            <input
              {...p}
              value={draft.translator}
              onChange={(e) => set('translator', e.target.value)}
            />
          )}
        </Field>
      </div>
      <CheckboxGroup
        legend="Themes (at least one)"
        options={(themes.data ?? []).map((t) => t.key)}
        label={(key) => themes.data?.find((t) => t.key === key)?.name ?? humanize(key)}
        value={draft.themes}
        onChange={(v) => set('themes', v)}
        name="themes"
        error={error}
      />
    </section>
  );
}
