import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode } from 'react';
import { type Schemas } from '../../../api/client';
import { humanize } from '../../../ui/format';

export type QuoteDetail = Schemas['QuoteDetailDto'];

export type Match = Schemas['VettedTextMatchDto'];

export function useQuoteUpdate(id: string) {
  const client = useQueryClient();
  return (data: QuoteDetail) => {
    client.setQueryData(['quote', id], data);
    void client.invalidateQueries({ queryKey: ['quotes'] });
    void client.invalidateQueries({ queryKey: ['posts'] });
    void client.invalidateQueries({ queryKey: ['post'] });
  };
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `s-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function MatchList({ matches }: { matches: Match[] }) {
  return (
    <ul className="plain-list">
      {matches.map((m, i) => (
        <li key={i}>
          {/* Which kind of detail only safety reviewers and admins are told. */}
          The {m.field} names {m.kind ? 'a ' : 'an '}
          <strong>{m.kind ? humanize(m.kind) : 'identifying detail'}</strong>: “{m.matchedText}”
        </li>
      ))}
    </ul>
  );
}
