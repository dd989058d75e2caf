import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { api, ApiProblem, call, type Schemas } from '../api/client';
import { setFormatPreferences } from '../ui/format';

export type Me = Schemas['MeDto'];
/** What the server says the signed-in user's roles let them do (GET /api/auth/me). */
export type Capability = keyof Me['capabilities'];

const MeContext = createContext<Me | null>(null);

/** Who is signed in: null when nobody is (the API answers 401). */
export function useSessionQuery() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        return await call(api.GET('/api/auth/me'));
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  // Before the children render, so their first dates are already in the user's locale and zone;
  // idempotent, so rendering twice is harmless.
  setFormatPreferences(me);
  document.documentElement.lang = me.locale;
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

/** The signed-in user; only used below the signed-in layout. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside a signed-in page');
  return me;
}

/** Whether the signed-in user holds any of these capabilities. The server decides every request. */
export function useCan(...anyOf: Capability[]): boolean {
  const { capabilities } = useMe();
  return anyOf.some((capability) => capabilities[capability]);
}

/** Nothing cached for one person may show to the next; the session query itself stays observed. */
function forgetEverythingBut(client: QueryClient, me: Me | null) {
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
  client.setQueryData(['me'], me);
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['LoginDto']) => call(api.POST('/api/auth/login', { body })),
    onSuccess: (me) => {
      forgetEverythingBut(client, me);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST('/api/auth/logout')),
    onSettled: () => forgetEverythingBut(client, null),
  });
}
