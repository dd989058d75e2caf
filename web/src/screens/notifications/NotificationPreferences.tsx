import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { ErrorState, Loading, ProblemMessage } from '../../ui/states';
import { KIND_LABELS } from './notification-queries';

type Preference = Schemas['PreferenceDto'];

/** The user's own choice, per kind, of in-app and email notifications; saved on each change. */
export function NotificationPreferences() {
  const client = useQueryClient();
  const prefs = useQuery({
    queryKey: ['notifications', 'preferences'],
    queryFn: () => call(api.GET('/api/notifications/preferences')),
  });
  const save = useMutation({
    mutationFn: (item: Preference) =>
      call(api.PUT('/api/notifications/preferences', { body: { items: [item] } })),
    onSuccess: (data) => client.setQueryData(['notifications', 'preferences'], data),
  });
  return (
    <div className="page page-narrow">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/notifications">Notifications</Link>
      </nav>
      <h1>Notification settings</h1>
      {prefs.isPending ? (
        <Loading />
      ) : prefs.isError ? (
        <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />
      ) : (
        <div className="card stack">
          {!prefs.data.emailEnabled && (
            <p className="alert alert-info">
              This server sends no email yet (SMTP is not configured); your email choices apply once
              it does.
            </p>
          )}
          <ProblemMessage error={save.error} />
          <table className="table preferences-table">
            <caption className="sr-only">What you are told about, and how</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">In the app</th>
                <th scope="col">By email</th>
              </tr>
            </thead>
            <tbody>
              {prefs.data.items.map((p) => (
                <tr key={p.kind}>
                  <th scope="row">{KIND_LABELS[p.kind]}</th>
                  {(['inApp', 'email'] as const).map((channel) => (
                    <td key={channel}>
                      <input
                        type="checkbox"
                        aria-label={`${KIND_LABELS[p.kind]}: ${channel === 'inApp' ? 'in the app' : 'by email'}`}
                        checked={p[channel]}
                        disabled={save.isPending}
                        onChange={(e) => save.mutate({ ...p, [channel]: e.target.checked })}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
