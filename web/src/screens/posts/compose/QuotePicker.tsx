import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../../api/client';
import { type Campaign, type Quote, useRules } from '../../../api/queries';
import { humanize } from '../../../ui/format';
import { Empty, ErrorState, Loading } from '../../../ui/states';
import { useDebounced } from '../../../ui/useDebounced';
import { QuoteBadges, attribution } from '../../library/library-bits';
import { belowMinimum } from './quotation';

/** The visible label starts the accessible name, so speech users can say what they see. */
const insertLabel = (again: boolean) => (again ? 'Insert again' : 'Insert');

export function QuotePicker({
  onInsert,
  campaign,
  linked,
}: {
  onInsert: (quote: Quote, useTranslation: boolean) => void;
  campaign: Campaign | undefined;
  linked: readonly string[];
}) {
  const [text, setText] = useState('');
  const rules = useRules();
  const q = useDebounced(text.trim(), 300);
  const quotes = useQuery({
    queryKey: ['quotes', 'usable', q],
    queryFn: () =>
      call(
        api.GET('/api/library/quotes', {
          params: { query: { usableNow: true, q: q || undefined, limit: 20 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  return (
    <section className="card stack" aria-labelledby="pick-quotes">
      <h2 id="pick-quotes">Usable quotes</h2>
      <div className="field">
        <label htmlFor="quote-picker-search">Search vetted quotes</label>
        <input
          id="quote-picker-search"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="words, “a phrase”, -exclude"
        />
      </div>
      {quotes.isPending ? (
        <Loading />
      ) : quotes.isError ? (
        <ErrorState error={quotes.error} />
      ) : quotes.data.items.length === 0 ? (
        <Empty title="No usable quotes match">
          Only vetted quotes that are not disputed or retracted, with consent in place, can be used.
        </Empty>
      ) : (
        <ul className="picker-list" aria-label="Usable quotes">
          {quotes.data.items.map((quote) => {
            const weak = belowMinimum(quote, campaign, rules.data?.verificationOrder);
            return (
              <li key={quote.id} className="picker-item">
                <blockquote dir="auto" lang={quote.language} className="quote-text clamp">
                  {quote.text}
                </blockquote>
                <div className="muted small">
                  {attribution(quote)} · {quote.themes.map(humanize).join(', ')}
                </div>
                <QuoteBadges quote={quote} />
                {weak && (
                  <div className="field-error">
                    Below this campaign’s minimum verification (
                    {humanize(campaign!.minimumVerification)}).
                  </div>
                )}
                <div className="actions">
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    disabled={weak}
                    onClick={() => onInsert(quote, false)}
                    aria-label={`${insertLabel(linked.includes(quote.id))} quote from ${quote.defector.displayName}`}
                  >
                    {insertLabel(linked.includes(quote.id))}
                  </button>
                  {quote.translation && (
                    <button
                      type="button"
                      className="btn btn-secondary btn-small"
                      disabled={weak}
                      onClick={() => onInsert(quote, true)}
                      aria-label={`Insert translation (${quote.translationLanguage}) of the quote from ${quote.defector.displayName}`}
                    >
                      Insert translation ({quote.translationLanguage})
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
