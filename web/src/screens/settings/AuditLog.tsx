import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, call } from '../../api/client';
import { Link } from 'react-router';
import { formatInstant, instantFromInput } from '../../ui/format';
import { auditChanges, fieldLabel } from './audit-diff';
import { Empty, ErrorState, Loading } from '../../ui/states';
import { useUsers } from './Users';
import { LoadMore } from '../../ui/LoadMore';

interface Filters {
  actorId: string;
  entityType: string;
  entityId: string;
  action: string;
  from: string;
  to: string;
}

/** Where each kind of entity is seen in the UI, so an audit row links to what it changed. */
const ENTITY_PAGES: Record<string, { label: string; page: (id: string) => string }> = {
  post: { label: 'Post', page: (id) => `/posts/${id}` },
  quote: { label: 'Quote', page: (id) => `/library/${id}` },
  defector: { label: 'Defector', page: (id) => `/library/defectors/${id}` },
  channel: { label: 'Channel', page: () => '/settings/channels' },
  campaign: { label: 'Campaign', page: () => '/settings/campaigns' },
  user: { label: 'User', page: () => '/settings/users' },
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** An audit value as a person reads it: instants in their zone and format. */
const readableValue = (value: string) => (ISO_INSTANT.test(value) ? formatInstant(value) : value);

function Entity({ type, id }: { type: string; id: string }) {
  const known = ENTITY_PAGES[type];
  if (!known) return <span className="muted">{fieldLabel(type)}</span>;
  return (
    <Link to={known.page(id)}>
      {known.label} <span className="mono small">{id.slice(0, 8)}</span>
    </Link>
  );
}

function Changes({ before, after }: { before: unknown; after: unknown }) {
  const changes = auditChanges(before, after);
  if (changes.length === 0) return null;
  return (
    <dl className="audit-diff">
      {changes.map((c) => (
        <div key={c.field}>
          <dt>{fieldLabel(c.field)}</dt>
          <dd>
            <del>{readableValue(c.before)}</del> → <ins>{readableValue(c.after)}</ins>
          </dd>
        </div>
      ))}
    </dl>
  );
}

const NONE: Filters = { actorId: '', entityType: '', entityId: '', action: '', from: '', to: '' };

export function AuditLog() {
  const users = useUsers();
  const actions = useQuery({
    queryKey: ['audit-actions'],
    queryFn: () => call(api.GET('/api/audit-events/actions')),
  });
  const [draft, setDraft] = useState<Filters>(NONE);
  const [filters, setFilters] = useState<Filters>(NONE);
  const query = {
    actorId: filters.actorId || undefined,
    entityType: filters.entityType || undefined,
    entityId: filters.entityId || undefined,
    action: filters.action || undefined,
    from: instantFromInput(filters.from) ?? undefined,
    to: instantFromInput(filters.to) ?? undefined,
  };
  const events = useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/audit-events', {
          params: { query: { ...query, limit: 50, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const set = (key: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: e.target.value });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters({
      ...draft,
      entityType: draft.entityType.trim(),
      entityId: draft.entityId.trim(),
    });
  };
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  const people = users.data?.pages.flatMap((p) => p.items) ?? [];
  // Today's display name of each actor; the label recorded at the time for the system and for
  // users no longer listed.
  const nameOf = new Map(people.map((u) => [u.id, u.displayName]));
  return (
    <div className="stack">
      <form className="filters card filter-row" onSubmit={apply} aria-label="Audit filters">
        <div className="field">
          <label htmlFor="a-actor">Who</label>
          <select id="a-actor" value={draft.actorId} onChange={set('actorId')}>
            <option value="">Anyone</option>
            {people.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-action">Action</label>
          <select id="a-action" value={draft.action} onChange={set('action')}>
            <option value="">Any action</option>
            {actions.data?.items.map((a) => (
              <option key={a.action} value={a.action}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-type">Entity type</label>
          <input
            id="a-type"
            value={draft.entityType}
            onChange={set('entityType')}
            placeholder="post"
          />
        </div>
        <div className="field">
          <label htmlFor="a-id">Entity id</label>
          <input id="a-id" value={draft.entityId} onChange={set('entityId')} />
        </div>
        <div className="field">
          <label htmlFor="a-from">From</label>
          <input id="a-from" type="datetime-local" value={draft.from} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor="a-to">To</label>
          <input id="a-to" type="datetime-local" value={draft.to} onChange={set('to')} />
        </div>
        <div className="actions align-end">
          <button type="submit" className="btn btn-primary">
            Filter
          </button>
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => {
              setDraft(NONE);
              setFilters(NONE);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="No events match" />
      ) : (
        <div className="table-wrap card">
          <table className="table audit-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Entity</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatInstant(e.at)}</td>
                  <td>{nameOf.get(e.actorId ?? '') ?? e.actorLabel}</td>
                  <td>{e.actionLabel}</td>
                  <td>
                    <Entity type={e.entityType} id={e.entityId} />
                  </td>
                  <td>
                    <Changes before={e.before} after={e.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore pages={events} />
    </div>
  );
}
