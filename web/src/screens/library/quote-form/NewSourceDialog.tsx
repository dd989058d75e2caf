import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../../api/client';
import { Dialog } from '../../../ui/Dialog';
import { Field } from '../../../ui/Field';
import { ProblemMessage } from '../../../ui/states';
import { orNull } from './draft';

export function NewSourceDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const [form, setForm] = useState({
    outlet: '',
    title: '',
    url: '',
    author: '',
    publishedOn: '',
    language: 'en',
    archiveUrl: '',
  });
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/library/sources', {
          body: {
            outlet: form.outlet.trim(),
            title: form.title.trim(),
            url: form.url.trim(),
            language: form.language.trim(),
            author: orNull(form.author),
            publishedOn: orNull(form.publishedOn),
            archiveUrl: orNull(form.archiveUrl),
          },
        }),
      ),
    onSuccess: (source) => {
      void client.invalidateQueries({ queryKey: ['sources'] });
      onCreated(source.id);
    },
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  return (
    <Dialog open={open} title="New source" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field label="Outlet" name="outlet" error={create.error}>
          {(p) => <input {...p} required value={form.outlet} onChange={set('outlet')} />}
        </Field>
        <Field label="Title" name="title" error={create.error}>
          {(p) => <input {...p} required value={form.title} onChange={set('title')} />}
        </Field>
        <Field
          label="URL"
          name="url"
          error={create.error}
          hint="Where it was published; imports match sources on it."
        >
          {(p) => <input {...p} type="url" required value={form.url} onChange={set('url')} />}
        </Field>
        <div className="row">
          <Field label="Author" name="author" error={create.error}>
            {(p) => <input {...p} value={form.author} onChange={set('author')} />}
          </Field>
          <Field label="Published on" name="publishedOn" error={create.error}>
            {(p) => (
              <input {...p} type="date" value={form.publishedOn} onChange={set('publishedOn')} />
            )}
          </Field>
          <Field label="Language" name="language" error={create.error}>
            {(p) => (
              <input {...p} required size={6} value={form.language} onChange={set('language')} />
            )}
          </Field>
        </div>
        <Field label="Archived copy URL" name="archiveUrl" error={create.error}>
          {(p) => <input {...p} type="url" value={form.archiveUrl} onChange={set('archiveUrl')} />}
        </Field>
        <ProblemMessage
          error={create.error}
          shownFields={[
            'outlet',
            'title',
            'url',
            'author',
            'publishedOn',
            'language',
            'archiveUrl',
          ]}
        />
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            Add source
          </button>
        </div>
      </form>
    </Dialog>
  );
}
