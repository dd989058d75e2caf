import { Link } from 'react-router';
import { useCampaigns } from '../../api/queries';
import { ErrorState, Loading } from '../../ui/states';
import { endOfDay, startOfDay, userTimeZone } from '../../ui/format';
import { DecisionLog } from './DecisionLog';
import { Exports } from './Exports';
import { type AnalyticsFilters, type SetFilter, useAnalyticsFilters } from './filters';
import { Filters } from './Filters';
import { GroupComparison } from './GroupComparison';
import { ObjectiveList } from './ObjectiveList';
import { PeriodComparison } from './PeriodComparison';
import { useObjectives } from './objectives';
import { TimeSeriesSection } from './TimeSeriesSection';
import { TopPosts } from './TopPosts';

/** The funder report's period: the filters' days, else the campaign's own start and end. */
function reportPeriod(
  f: AnalyticsFilters,
  campaign: { startsAt: string | null; endsAt: string | null; createdAt: string },
) {
  const from = f.from ? startOfDay(f.from)! : (campaign.startsAt ?? campaign.createdAt);
  const to = f.to ? endOfDay(f.to)! : (campaign.endsAt ?? new Date().toISOString());
  return new URLSearchParams({ from, to });
}

function CampaignObjectives({ filters }: { filters: AnalyticsFilters }) {
  const campaign = useCampaigns().data?.find((c) => c.id === filters.campaignId);
  const objectives = useObjectives(filters.campaignId);
  return (
    <section className="card stack" aria-labelledby="objectives-heading">
      <div className="card-header">
        <h2 id="objectives-heading">Objectives{campaign ? ` of ${campaign.name}` : ''}</h2>
        {campaign && (
          <Link
            className="btn btn-secondary"
            to={`/analytics/report/${campaign.id}?${reportPeriod(filters, campaign)}`}
          >
            Funder report
          </Link>
        )}
      </div>
      {objectives.isPending ? (
        <Loading />
      ) : objectives.isError ? (
        <ErrorState error={objectives.error} onRetry={() => void objectives.refetch()} />
      ) : (
        <ObjectiveList overview={objectives.data} timeZone={campaign?.timezone ?? userTimeZone} />
      )}
    </section>
  );
}

/** Everything below the filters, asked for once the filters are settled. */
function Sections({ filters, set }: { filters: AnalyticsFilters; set: SetFilter }) {
  return (
    <>
      {filters.campaignId ? (
        <div className="grid-2">
          <CampaignObjectives filters={filters} />
          <DecisionLog campaignId={filters.campaignId} />
        </div>
      ) : (
        <p className="card muted">
          Choose a campaign to see its objectives, its decision log and its funder report.
        </p>
      )}
      <GroupComparison
        filters={filters}
        groupBy="theme"
        title="Narratives compared"
        intro="Engagements per 1,000 impressions by theme; the number of posts behind each figure is beside it."
      />
      <TimeSeriesSection filters={filters} onInterval={(i) => set('interval', i)} />
      <div className="grid-2">
        <GroupComparison
          filters={filters}
          groupBy="language"
          title="By language"
          intro="Posts are in their channel's language."
        />
        <GroupComparison
          filters={filters}
          groupBy="channel"
          title="By channel"
          intro="Each channel's posts at the compared checkpoint."
        />
      </div>
      <TopPosts filters={filters} />
      <PeriodComparison filters={filters} />
      <Exports filters={filters} />
    </>
  );
}

export function Analytics() {
  const { filters, set, settled } = useAnalyticsFilters();
  return (
    <div className="page analytics">
      <div className="page-header">
        <div>
          <h1>Analytics</h1>
          <p className="muted">
            What reaches and engages the audience, against the objectives set before each campaign.
          </p>
        </div>
      </div>
      <Filters filters={filters} set={set} />
      {settled ? <Sections filters={filters} set={set} /> : <Loading />}
    </div>
  );
}
