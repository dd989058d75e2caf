import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { useCampaigns } from '../../api/queries';
import { endOfDay, startOfDay } from '../../ui/format';
import {
  ALL_CAMPAIGNS,
  openingCampaign,
  rememberCampaign,
  rememberedCampaign,
} from './opening-campaign';

/** The Analytics screen's filters, kept in the address so a view can be shared and reloaded. */
export interface AnalyticsFilters {
  /** Empty for all campaigns. */
  campaignId: string;
  channelId: string;
  language: string;
  theme: string;
  /** Calendar days (YYYY-MM-DD) in the viewer's time zone; `to` is the last day included. */
  from: string;
  to: string;
  /** The checkpoint posts are compared at: 24h (default), 168h… or latest. */
  at: string;
  interval: 'day' | 'week';
}

/** Sets one filter in the address (an empty value removes it; for the campaign, means all). */
export type SetFilter = (key: keyof AnalyticsFilters, value: string) => void;

export const FILTER_KEYS = [
  'campaignId',
  'channelId',
  'language',
  'theme',
  'from',
  'to',
  'at',
  'interval',
] as const;

/**
 * The filters in the address, and whether they are settled: an address without a campaign is
 * first given the one the screen opens on (see `openingCampaign`), so reports are asked for once,
 * for what is shown, and the address always says which campaign that is.
 */
export function useAnalyticsFilters() {
  const [params, setParams] = useSearchParams();
  const campaigns = useCampaigns();
  const chosen = params.get('campaignId');
  const opening =
    chosen !== null
      ? null
      : campaigns.data
        ? openingCampaign(campaigns.data, rememberedCampaign(), Date.now())
        : campaigns.isError
          ? ALL_CAMPAIGNS
          : null;
  useEffect(() => {
    if (opening === null) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('campaignId', opening);
        return next;
      },
      { replace: true },
    );
  }, [opening, setParams]);
  const filters: AnalyticsFilters = {
    campaignId: chosen === ALL_CAMPAIGNS ? '' : (chosen ?? ''),
    channelId: params.get('channelId') ?? '',
    language: params.get('language') ?? '',
    theme: params.get('theme') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    at: params.get('at') ?? '',
    interval: params.get('interval') === 'week' ? 'week' : 'day',
  };
  const set: SetFilter = (key, value) => {
    const next = new URLSearchParams(params);
    if (key === 'campaignId') {
      const campaign = value || ALL_CAMPAIGNS;
      rememberCampaign(campaign);
      next.set(key, campaign);
    } else if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return { filters, set, settled: chosen !== null };
}

/** The filters as report query parameters (empty ones left out). */
export function reportQuery(f: AnalyticsFilters) {
  return {
    ...(f.campaignId ? { campaignId: f.campaignId } : {}),
    ...(f.channelId ? { channelId: f.channelId } : {}),
    ...(f.language ? { language: f.language } : {}),
    ...(f.theme ? { theme: f.theme } : {}),
    ...(f.from ? { from: startOfDay(f.from)! } : {}),
    ...(f.to ? { to: endOfDay(f.to)! } : {}),
    ...(f.at ? { at: f.at } : {}),
  };
}
