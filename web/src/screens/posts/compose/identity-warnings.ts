import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../../api/client';
import { useMe } from '../../../app/session';
import { useDebounced } from '../../../ui/useDebounced';

export type IdentityMatch = Schemas['IdentityMatchDto'] & { segment: number };

/** Where the thread names a private identifying detail of a quoted person, while typing. */
export function useIdentityWarnings(segments: readonly string[], defectorIds: readonly string[]) {
  const me = useMe();
  const joined = useDebounced(segments.join('\n\n'), 400);
  const ids = useDebounced(defectorIds.join(','), 400);
  const check = useQuery({
    queryKey: ['identity-check', joined, ids],
    queryFn: () =>
      call(
        api.POST('/api/library/identity-check', {
          body: { text: joined, defectorIds: ids.split(',') },
        }),
      ),
    enabled: me.capabilities.checkIdentity && ids !== '' && joined.trim() !== '',
    placeholderData: keepPreviousData,
  });
  const starts: number[] = [];
  let offset = 0;
  for (const s of joined.split('\n\n')) {
    starts.push(offset);
    offset += s.length + 2;
  }
  const matches: IdentityMatch[] = (ids === '' ? [] : (check.data?.matches ?? [])).map((m) => ({
    ...m,
    segment: Math.max(
      0,
      starts.findLastIndex((start) => start <= m.start),
    ),
  }));
  return { matches, error: check.error };
}
