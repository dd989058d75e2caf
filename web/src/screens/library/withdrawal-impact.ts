import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { statusLabel } from '../../ui/badges';
import { countOf } from '../../ui/format';

type Impact = Schemas['WithdrawalImpactDto'];

/** "3 scheduled posts will be withdrawn.", "1 published post will be flagged for deletion." */
export function impactSentences(impact: Impact): string[] {
  const lines = impact.withdrawn.map(
    ({ status, count }) =>
      `${countOf(count, `${statusLabel(status).toLowerCase()} post`)} will be withdrawn and never published.`,
  );
  if (impact.flaggedForDeletion > 0) {
    lines.push(
      `${countOf(impact.flaggedForDeletion, 'post')} already on the platform will be flagged for deletion.`,
    );
  }
  if (lines.length === 0) lines.push('No post is built on it: no post changes.');
  return lines;
}

/** The consequences of retracting a quote or withdrawing a defector's consent, as sentences. */
export function useWithdrawalImpact(target: { quoteId: string } | { defectorId: string }) {
  return useQuery({
    queryKey: ['withdrawal-impact', target],
    queryFn: () =>
      'quoteId' in target
        ? call(
            api.GET('/api/library/quotes/{id}/retraction-impact', {
              params: { path: { id: target.quoteId } },
            }),
          )
        : call(
            api.GET('/api/library/defectors/{id}/consent-impact', {
              params: { path: { id: target.defectorId } },
            }),
          ),
    select: impactSentences,
    staleTime: 0,
  });
}
