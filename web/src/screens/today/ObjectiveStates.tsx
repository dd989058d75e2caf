import { Link } from 'react-router';
import { type Campaign, useCampaigns } from '../../api/queries';
import { useCan } from '../../app/session';
import { objectiveTitle, StateBadge, useObjectives } from '../analytics/objectives';
import { ErrorState, Loading } from '../../ui/states';

function CampaignStates({ campaign }: { campaign: Campaign }) {
  const overview = useObjectives(campaign.id);
  return (
    <div>
      <h3>
        <Link to={`/analytics?campaignId=${campaign.id}`}>{campaign.name}</Link>
      </h3>
      {overview.isPending ? (
        <Loading />
      ) : overview.isError ? (
        <ErrorState error={overview.error} />
      ) : overview.data.objectives.length === 0 ? (
        <p className="muted">No objectives set.</p>
      ) : (
        <ul className="objective-states">
          {overview.data.objectives.map((o) => (
            <li key={o.id}>
              <StateBadge state={o.evaluation.state} /> {objectiveTitle(o)}
            </li>
          ))}
          {overview.data.vanityOnly && (
            <li className="muted">Vanity only: every objective counts reach or likes.</li>
          )}
        </ul>
      )}
    </div>
  );
}

/** Each active campaign's objective states, for the people who read the evaluation. */
export default function ObjectiveStates() {
  const reader = useCan('readAnalytics');
  const campaigns = useCampaigns();
  if (!reader) return null;
  const active = (campaigns.data ?? []).filter((c) => c.status === 'active');
  return (
    <section className="card stack" aria-labelledby="objectives-today">
      <h2 id="objectives-today">Objectives</h2>
      {campaigns.isPending ? (
        <Loading />
      ) : campaigns.isError ? (
        <ErrorState error={campaigns.error} />
      ) : active.length === 0 ? (
        <p className="muted">No active campaign.</p>
      ) : (
        active.map((c) => <CampaignStates key={c.id} campaign={c} />)
      )}
    </section>
  );
}
