import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { useMe } from '../../app/session';
import { Field } from '../../ui/Field';
import { formatDateTime } from '../../ui/format';
import { ProblemMessage } from '../../ui/states';

/** Locales the team writes in; any other BCP 47 tag the API accepts can be set through it. */
const LOCALES: [tag: string, label: string][] = [
  ['en-GB', 'English (United Kingdom)'],
  ['en-US', 'English (United States)'],
  ['ar', 'العربية (Arabic)'],
  ['fr-FR', 'Français (France)'],
  ['de-DE', 'Deutsch (Deutschland)'],
];

const ZONES = Intl.supportedValuesOf('timeZone');

/** The signed-in user's locale and time zone: every date and time in the web follows them. */
export function Preferences() {
  const me = useMe();
  const client = useQueryClient();
  const [locale, setLocale] = useState(me.locale);
  const [timeZone, setTimeZone] = useState(me.timeZone ?? '');
  const save = useMutation({
    mutationFn: () =>
      call(api.PUT('/api/auth/preferences', { body: { locale, timeZone: timeZone || null } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['me'] }),
  });
  const locales = LOCALES.some(([tag]) => tag === me.locale)
    ? LOCALES
    : [[me.locale, me.locale] as [string, string], ...LOCALES];
  return (
    <div className="page page-narrow">
      <h1>Your preferences</h1>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Field label="Language and date format" name="locale" error={save.error}>
          {(p) => (
            <select {...p} value={locale} onChange={(e) => setLocale(e.target.value)}>
              {locales.map(([tag, label]) => (
                <option key={tag} value={tag}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Time zone"
          name="timeZone"
          error={save.error}
          hint={`Now: ${formatDateTime(new Date())}`}
        >
          {(p) => (
            <select {...p} value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
              <option value="">This browser’s time zone</option>
              {ZONES.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ProblemMessage error={save.error} shownFields={['locale', 'timeZone']} />
        {save.isSuccess && (
          <p className="alert alert-success" role="status">
            Saved. Dates and times now follow these preferences.
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          Save preferences
        </button>
      </form>
    </div>
  );
}
