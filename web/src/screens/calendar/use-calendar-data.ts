import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { allPages } from '../../api/queries';
import type { PostStatus } from '../../ui/badges';

/** Posts that hold (or held) a place in time, and approved ones waiting for a time. */
const TIMED: PostStatus[] = [
  'approved',
  'scheduled',
  'publishing',
  'published',
  'held',
  'unknown',
  'failed',
  'withdrawn',
  'cancelled',
];

export interface CalendarFilter {
  range: { from: string; to: string } | null;
  channelId: string;
  campaignId: string;
}

export function useCalendarPosts({ range, channelId, campaignId }: CalendarFilter) {
  return useQuery({
    queryKey: ['posts', 'calendar', range, channelId, campaignId],
    queryFn: () =>
      allPages((cursor) =>
        call(
          api.GET('/api/posts/calendar', {
            params: {
              query: {
                from: range!.from,
                to: range!.to,
                status: TIMED,
                channelId: channelId || undefined,
                campaignId: campaignId || undefined,
                limit: 200,
                cursor,
              },
            },
          }),
        ),
      ),
    enabled: range !== null,
    refetchInterval: 60_000,
  });
}

/** Approved posts not yet placed, whenever they were approved: the ones to drag onto the calendar. */
export function useUnplacedPosts({ channelId, campaignId }: CalendarFilter, enabled: boolean) {
  return useQuery({
    queryKey: ['posts', 'calendar', 'unplaced', channelId, campaignId],
    queryFn: () =>
      allPages((cursor) =>
        call(
          api.GET('/api/posts/calendar', {
            params: {
              query: {
                status: ['approved'],
                channelId: channelId || undefined,
                campaignId: campaignId || undefined,
                limit: 200,
                cursor,
              },
            },
          }),
        ),
      ),
    enabled,
  });
}

export function useOpenSlots({ range, channelId, campaignId }: CalendarFilter, enabled: boolean) {
  return useQuery({
    queryKey: ['slots', range, channelId, campaignId],
    queryFn: () =>
      call(
        api.GET('/api/slots', {
          params: {
            query: {
              from: range!.from,
              to: range!.to,
              channelId: channelId || undefined,
              campaignId: campaignId || undefined,
            },
          },
        }),
      ),
    enabled: enabled && range !== null,
  });
}

/** How many open slots fall on each date of `timezone`: what the month grid shows in its cells. */
export function useOpenDays(
  { range, channelId, campaignId }: CalendarFilter,
  timezone: string,
  enabled: boolean,
) {
  return useQuery({
    queryKey: ['slots', 'days', range, channelId, campaignId, timezone],
    queryFn: () =>
      call(
        api.GET('/api/slots/days', {
          params: {
            query: {
              from: range!.from,
              to: range!.to,
              timezone,
              channelId: channelId || undefined,
              campaignId: campaignId || undefined,
            },
          },
        }),
      ),
    enabled: enabled && range !== null,
  });
}

export function useSchedule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, at }: { id: string; at?: string }) =>
      call(
        api.POST('/api/posts/{id}/schedule', {
          params: { path: { id } },
          body: at ? { at } : { nextFreeSlot: true },
        }),
      ),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: ['posts'] });
      await client.invalidateQueries({ queryKey: ['slots'] });
    },
  });
}
