import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { enumValues } from '../../api/enums';
import { useMe } from '../../app/session';
import { Badge, type Role, RoleBadge, roleLabel } from '../../ui/badges';
import { Dialog } from '../../ui/Dialog';
import { CheckboxGroup, Field } from '../../ui/Field';
import { formatDateTime } from '../../ui/format';
import { ErrorState, Loading, ProblemMessage } from '../../ui/states';
import { TableHead } from '../../ui/TableHead';
import { LoadMore } from '../../ui/LoadMore';

type User = Schemas['UserDto'];

const ROLES = enumValues<Role>()(
  'author',
  'editor',
  'safety_reviewer',
  'legal_reviewer',
  'analyst',
  'admin',
);

export function useUsers() {
  return useInfiniteQuery({
    queryKey: ['users'],
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/users', { params: { query: { limit: 200, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function NewUser({ onDone }: { onDone: () => void }) {
  const client = useQueryClient();
  const [form, setForm] = useState({
    email: '',
    displayName: '',
    password: '',
    roles: ['author'] as Role[],
  });
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/users', {
          body: { ...form, email: form.email.trim(), displayName: form.displayName.trim() },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['users'] });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-label="New user">
      <h2>New user</h2>
      <div className="row">
        <Field label="Email" name="email" error={create.error} className="grow">
          {(p) => (
            <input
              {...p}
              type="email"
              required
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.target.value })}
            />
          )}
        </Field>
        <Field label="Name" name="displayName" error={create.error} className="grow">
          {(p) => (
            <input
              {...p}
              required
              value={form.displayName}
              onChange={(e) => setForm({ ...form, displayName: e.target.value })}
            />
          )}
        </Field>
      </div>
      <Field
        label="Initial password"
        name="password"
        error={create.error}
        hint="At least 12 characters; tell the person to change it."
      >
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        )}
      </Field>
      <CheckboxGroup
        legend="Roles"
        options={ROLES}
        label={roleLabel}
        value={form.roles}
        onChange={(roles) => setForm({ ...form, roles })}
        name="roles"
        error={create.error}
      />
      <ProblemMessage
        error={create.error}
        shownFields={['email', 'displayName', 'password', 'roles']}
      />
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          Create user
        </button>
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function EditUser({ user, onClose }: { user: User; onClose: () => void }) {
  const client = useQueryClient();
  const me = useMe();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const done = () => void client.invalidateQueries({ queryKey: ['users'] });
  const saveRoles = useMutation({
    mutationFn: () =>
      call(
        api.PUT('/api/users/{id}/roles', { params: { path: { id: user.id } }, body: { roles } }),
      ),
    onSuccess: done,
  });
  const setPw = useMutation({
    mutationFn: () =>
      call(
        api.PUT('/api/users/{id}/password', {
          params: { path: { id: user.id } },
          body: { password },
        }),
      ),
    onSuccess: () => setPassword(''),
  });
  const toggle = useMutation({
    mutationFn: () =>
      user.disabled
        ? call(
            api.POST('/api/users/{id}/enable', {
              params: { path: { id: user.id } },
              body: reason.trim() ? { reason: reason.trim() } : {},
            }),
          )
        : call(
            api.POST('/api/users/{id}/disable', {
              params: { path: { id: user.id } },
              body: reason.trim() ? { reason: reason.trim() } : {},
            }),
          ),
    onSuccess: () => {
      done();
      onClose();
    },
  });
  return (
    <Dialog open title={`${user.displayName} (${user.email})`} onClose={onClose}>
      <div className="stack">
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            saveRoles.mutate();
          }}
        >
          <CheckboxGroup
            legend="Roles"
            options={ROLES}
            label={roleLabel}
            value={roles}
            onChange={setRoles}
            name="roles"
            error={saveRoles.error}
          />
          <ProblemMessage error={saveRoles.error} shownFields={['roles']} />
          {saveRoles.isSuccess && <div className="alert alert-success">Roles saved.</div>}
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={saveRoles.isPending}>
              Save roles
            </button>
          </div>
        </form>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            setPw.mutate();
          }}
        >
          <Field
            label="New password"
            name="password"
            error={setPw.error}
            className="grow"
            hint="Ends the person’s sessions."
          >
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                minLength={12}
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="btn btn-secondary" disabled={setPw.isPending}>
            Set password
          </button>
          {setPw.isSuccess && <span className="badge tone-good">Password set</span>}
          <ProblemMessage error={setPw.error} shownFields={['password']} />
        </form>
        {user.id !== me.id && (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              toggle.mutate();
            }}
          >
            <Field
              label={user.disabled ? 'Why enable (audited)' : 'Why disable (audited)'}
              name="reason"
              error={toggle.error}
              className="grow"
            >
              {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
            </Field>
            <button
              type="submit"
              className={user.disabled ? 'btn btn-secondary' : 'btn btn-danger-outline'}
              disabled={toggle.isPending}
            >
              {user.disabled ? 'Enable account' : 'Disable account'}
            </button>
            <ProblemMessage error={toggle.error} shownFields={['reason']} />
          </form>
        )}
      </div>
    </Dialog>
  );
}

export function Users() {
  const users = useUsers();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  if (users.isPending) return <Loading />;
  if (users.isError) return <ErrorState error={users.error} onRetry={() => void users.refetch()} />;
  const items = users.data.pages.flatMap((p) => p.items);
  return (
    <div className="stack">
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
          New user
        </button>
      </div>
      {adding && <NewUser onDone={() => setAdding(false)} />}
      <div className="table-wrap card">
        <table className="table">
          <TableHead columns={['Name', 'Email', 'Roles', 'Account', 'Since']} />
          <tbody>
            {items.map((u) => (
              <tr key={u.id}>
                <td>{u.displayName}</td>
                <td>{u.email}</td>
                <td>
                  <span className="chips">
                    {u.roles.map((r) => (
                      <RoleBadge key={r} role={r} />
                    ))}
                  </span>
                </td>
                <td>
                  {u.disabled ? (
                    <Badge tone="neutral">disabled</Badge>
                  ) : (
                    <Badge tone="good">active</Badge>
                  )}
                </td>
                <td>{formatDateTime(u.createdAt)}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    onClick={() => setEditing(u)}
                  >
                    Manage
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <LoadMore pages={users} />
      {editing && <EditUser key={editing.id} user={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
