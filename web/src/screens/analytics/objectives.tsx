import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { Badge } from '../../ui/badges';
import { humanize } from '../../ui/format';

export type ObjectivesOverview = Schemas['ObjectivesOverviewDto'];
export type Objective = Schemas['ObjectiveDto'];
export type ObjectiveState = Objective['evaluation']['state'];

export function useObjectives(campaignId: string) {
  return useQuery({
    queryKey: ['analytics', 'objectives', campaignId],
    enabled: campaignId !== '',
    queryFn: () =>
      call(
        api.GET('/api/analytics/campaigns/{id}/objectives', {
          params: { path: { id: campaignId } },
        }),
      ),
  });
}

const STATE: Record<
  ObjectiveState,
  { label: string; tone: 'good' | 'info' | 'warn' | 'danger' | 'neutral' }
> = {
  met: { label: 'Met', tone: 'good' },
  on_track: { label: 'On track', tone: 'info' },
  behind: { label: 'Behind', tone: 'warn' },
  missed: { label: 'Missed', tone: 'danger' },
  insufficient_data: { label: 'Insufficient data', tone: 'neutral' },
};

export function StateBadge({ state }: { state: ObjectiveState }) {
  return <Badge tone={STATE[state].tone}>{STATE[state].label}</Badge>;
}

const METRIC_LABEL: Partial<Record<Objective['metric'], string>> = {
  engagement_rate: 'engagements per 1,000 impressions',
  followers_gained: 'followers gained',
  posts_published: 'posts published',
};

/** "10,000 impressions" — the metric as people say it, with its target. */
export function objectiveTitle(o: Pick<Objective, 'metric' | 'target'>): string {
  return `${new Intl.NumberFormat().format(o.target)} ${METRIC_LABEL[o.metric] ?? humanize(o.metric)}`;
}

/** "theme: infighting, language: ar" — what the objective is limited to, if anything. */
export function objectiveScope(
  o: Pick<Objective, 'channelId' | 'language' | 'themeKey'>,
  channelLabel: (id: string) => string,
): string {
  const parts = [
    o.channelId ? `channel ${channelLabel(o.channelId)}` : '',
    o.language ? `language ${o.language}` : '',
    o.themeKey ? `theme ${humanize(o.themeKey)}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'all posts of the campaign';
}

/** The campaign's objectives only count reach or likes: said where its objectives show. */
export function VanityWarning({ overview }: { overview: ObjectivesOverview }) {
  if (!overview.vanityOnly) return null;
  return (
    <div className="alert alert-warn" role="note">
      <strong>Vanity only.</strong> Every objective of this campaign counts only reach or likes,
      which say little about whether the message persuaded anyone. Add an objective on replies,
      quotes, reposts or engagement rate.
    </div>
  );
}
