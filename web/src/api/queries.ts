import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';

export type Campaign = Schemas['CampaignDto'];
export type Channel = Schemas['ChannelDto'];
export type Post = Schemas['PostDto'];
/** A post as lists answer it: with the opening words of its current text. */
export type PostListItem = Schemas['PostListItemDto'];
/** A post as the calendar reads it (GET /api/posts/calendar): where, when, state, opening. */
export type CalendarPost = Schemas['CalendarPostDto'];
export type Pause = Schemas['PauseDto'];
export type Quote = Schemas['QuoteDto'];

/** Reference data most screens need; small, so loaded whole and cached. */
export function useCampaigns() {
  return useQuery({
    queryKey: ['campaigns'],
    queryFn: async () =>
      (await call(api.GET('/api/campaigns', { params: { query: { limit: 200 } } }))).items,
    staleTime: 60_000,
  });
}

export function useChannels() {
  return useQuery({
    queryKey: ['channels'],
    queryFn: () => call(api.GET('/api/channels')),
    staleTime: 60_000,
  });
}

export function useThemes() {
  return useQuery({
    queryKey: ['themes'],
    queryFn: async () => (await call(api.GET('/api/library/themes'))).items,
    staleTime: 5 * 60_000,
  });
}

/** Pauses and blackouts in force now or later, refreshed often: the pause banner reads them. */
export function useCurrentPauses() {
  return useQuery({
    queryKey: ['pauses', 'current'],
    queryFn: () => call(api.GET('/api/pauses', { params: { query: { current: true } } })),
    refetchInterval: 30_000,
  });
}

/** Rules the server applies that screens show before asking: verification order, overdue limit. */
export function useRules() {
  return useQuery({
    queryKey: ['rules'],
    queryFn: () => call(api.GET('/api/settings/rules')),
    staleTime: Infinity,
  });
}

export function byId<T extends { id: string }>(items: readonly T[] | undefined): Map<string, T> {
  return new Map((items ?? []).map((item) => [item.id, item]));
}

export function channelName(channel: Channel | undefined): string {
  if (!channel) return 'Unknown channel';
  return `@${channel.handle.replace(/^@/, '')}${channel.platform === 'sandbox' ? ' (sandbox)' : ''}`;
}

/** Every page of a cursor-paged list, up to `max` items (calendars and dashboards need all). */
export async function allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  max = 1000,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < max);
  return items;
}
