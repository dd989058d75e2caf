import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { Badge } from '../../ui/badges';
import { Field } from '../../ui/Field';
import { formatInstant } from '../../ui/format';
import { Empty, ErrorState, Loading, ProblemMessage } from '../../ui/states';
import { KIND_LABELS } from '../notifications/notification-queries';

type Endpoint = Schemas['WebhookEndpointDto'];
type Kind = Endpoint['kinds'][number];
const KINDS = Object.keys(KIND_LABELS) as Kind[];

/** Admin screen: outgoing webhooks, their signing secret (shown once) and delivery log. */
export function Webhooks() {
  const endpoints = useQuery({
    queryKey: ['webhooks'],
    queryFn: () => call(api.GET('/api/webhooks')),
  });
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <div className="stack">
      <p className="muted">
        Each event is POSTed as JSON, signed with HMAC-SHA256 over <code>timestamp.body</code> in
        the <code>X-Countervoice-Signature</code> header (see the README). Failed deliveries are
        retried with growing waits.
      </p>
      {secret && (
        <div className="alert alert-warn" role="status">
          <strong>Copy the signing secret now: it is not shown again.</strong>
          <code className="secret">{secret}</code>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => setSecret(null)}
          >
            I have stored it
          </button>
        </div>
      )}
      {adding ? (
        <EndpointForm
          onDone={(created) => {
            setAdding(false);
            if (created) setSecret(created);
          }}
        />
      ) : (
        <div>
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
            Add webhook
          </button>
        </div>
      )}
      {endpoints.isPending ? (
        <Loading />
      ) : endpoints.isError ? (
        <ErrorState error={endpoints.error} onRetry={() => void endpoints.refetch()} />
      ) : endpoints.data.length === 0 ? (
        <Empty title="No webhooks yet">Add one to route notifications to your chat tool.</Empty>
      ) : (
        endpoints.data.map((e) => <EndpointCard key={e.id} endpoint={e} />)
      )}
    </div>
  );
}

function EndpointForm({ onDone }: { onDone: (secret?: string) => void }) {
  const client = useQueryClient();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [kinds, setKinds] = useState<Kind[]>(KINDS);
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/webhooks', { body: { url: url.trim(), description, kinds, active: true } }),
      ),
    onSuccess: (created) => {
      void client.invalidateQueries({ queryKey: ['webhooks'] });
      onDone(created.secret);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-label="New webhook">
      <h2>New webhook</h2>
      <Field label="Receiver URL" name="url" error={create.error} hint="https only">
        {(p) => (
          <input
            {...p}
            type="url"
            required
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://chat.example.org/hooks/countervoice"
          />
        )}
      </Field>
      <Field label="Description" name="description" error={create.error}>
        {(p) => (
          <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />
        )}
      </Field>
      <fieldset className="stack">
        <legend>Events</legend>
        <div className="kind-grid">
          {KINDS.map((kind) => (
            <label key={kind} className="checkbox-row">
              <input
                type="checkbox"
                checked={kinds.includes(kind)}
                onChange={(e) =>
                  setKinds(e.target.checked ? [...kinds, kind] : kinds.filter((k) => k !== kind))
                }
              />
              {KIND_LABELS[kind]}
            </label>
          ))}
        </div>
      </fieldset>
      <ProblemMessage error={create.error} shownFields={['url', 'description']} />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          Create
        </button>
        <button type="button" className="btn btn-secondary" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function EndpointCard({ endpoint }: { endpoint: Endpoint }) {
  const client = useQueryClient();
  const [showLog, setShowLog] = useState(false);
  const toggle = useMutation({
    mutationFn: () =>
      call(
        api.PATCH('/api/webhooks/{id}', {
          params: { path: { id: endpoint.id } },
          body: { active: !endpoint.active },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['webhooks'] }),
  });
  return (
    <section className="card stack" aria-label={`Webhook ${endpoint.url}`}>
      <div className="card-header">
        <h2 className="webhook-url">{endpoint.url}</h2>
        <Badge tone={endpoint.active ? 'good' : 'neutral'}>
          {endpoint.active ? 'active' : 'paused'}
        </Badge>
      </div>
      {endpoint.description && <p>{endpoint.description}</p>}
      <p className="muted">{endpoint.kinds.map((k) => KIND_LABELS[k]).join(', ')}</p>
      <ProblemMessage error={toggle.error} />
      <div className="actions">
        <button
          type="button"
          className="btn btn-secondary"
          disabled={toggle.isPending}
          onClick={() => toggle.mutate()}
        >
          {endpoint.active ? 'Pause deliveries' : 'Resume deliveries'}
        </button>
        <button
          type="button"
          className="btn btn-secondary"
          aria-expanded={showLog}
          onClick={() => setShowLog(!showLog)}
        >
          {showLog ? 'Hide delivery log' : 'Show delivery log'}
        </button>
      </div>
      {showLog && <DeliveryLog endpointId={endpoint.id} />}
    </section>
  );
}

function DeliveryLog({ endpointId }: { endpointId: string }) {
  const client = useQueryClient();
  const log = useQuery({
    queryKey: ['webhooks', endpointId, 'deliveries'],
    queryFn: () =>
      call(
        api.GET('/api/webhooks/{id}/deliveries', {
          params: { path: { id: endpointId }, query: { limit: 50 } },
        }),
      ),
  });
  const redeliver = useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/webhooks/deliveries/{id}/redeliver', { params: { path: { id } } })),
    onSuccess: () =>
      void client.invalidateQueries({ queryKey: ['webhooks', endpointId, 'deliveries'] }),
  });
  if (log.isPending) return <Loading />;
  if (log.isError) return <ErrorState error={log.error} onRetry={() => void log.refetch()} />;
  if (log.data.items.length === 0) return <Empty title="Nothing delivered yet" />;
  return (
    <div className="stack">
      <ProblemMessage error={redeliver.error} />
      <ul className="plain-list delivery-list">
        {log.data.items.map((d) => (
          <li key={d.id} className="delivery">
            <div className="delivery-head">
              <strong>{KIND_LABELS[d.kind]}</strong>
              <Badge
                tone={d.status === 'sent' ? 'good' : d.status === 'failed' ? 'danger' : 'warn'}
              >
                {d.status === 'sent' ? 'delivered' : d.status}
              </Badge>
              {(d.status === 'sent' || d.status === 'failed') && (
                <button
                  type="button"
                  className="btn btn-secondary btn-small"
                  disabled={redeliver.isPending}
                  onClick={() => redeliver.mutate(d.id)}
                >
                  Redeliver
                </button>
              )}
            </div>
            <ol className="plain-list attempt-list">
              {d.log.map((a) => (
                <li key={a.attempt}>
                  Attempt {a.attempt}, {formatInstant(a.at)}:{' '}
                  {a.statusCode ? `answered ${a.statusCode}` : (a.error ?? 'no answer')} in{' '}
                  {a.latencyMs} ms
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
    </div>
  );
}
