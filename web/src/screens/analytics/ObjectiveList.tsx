import { byId, channelName, useChannels } from '../../api/queries';
import { formatDateTime, formatDays } from '../../ui/format';
import { formatCount } from './figures';
import {
  type ObjectivesOverview,
  objectiveScope,
  objectiveTitle,
  StateBadge,
  VanityWarning,
} from './objectives';
import { SyntheticNote } from './SyntheticNote';

/**
 * Each objective with its state and the rule and numbers that decided it; its window's days in
 * the campaign's time zone.
 */
export function ObjectiveList({
  overview,
  timeZone,
}: {
  overview: ObjectivesOverview;
  timeZone: string;
}) {
  const channels = byId(useChannels().data);
  const label = (id: string) => channelName(channels.get(id));
  if (overview.objectives.length === 0) {
    return <p className="muted">This campaign has no objectives yet.</p>;
  }
  return (
    <div className="stack">
      <VanityWarning overview={overview} />
      <SyntheticNote synthetic={overview.synthetic} />
      <ul className="objective-list">
        {overview.objectives.map((o) => {
          const later = o.changes.filter((c) => c.afterStart);
          return (
            <li key={o.id} className="objective" data-testid="objective">
              <div className="objective-head">
                <strong>{objectiveTitle(o)}</strong> <StateBadge state={o.evaluation.state} />
                {o.vanity && <span className="muted"> (reach or likes only)</span>}
              </div>
              <p className="muted">
                {formatDays(o.windowFrom, o.windowTo, timeZone)} · {objectiveScope(o, label)}
                {o.baseline !== null && ` · baseline ${formatCount(o.baseline)}`}
              </p>
              <p className="objective-rule">{o.evaluation.rule}</p>
              <dl className="objective-numbers">
                <dt>Actual</dt>
                <dd>{formatCount(o.evaluation.actual)}</dd>
                <dt>Expected by now</dt>
                <dd>{formatCount(o.evaluation.expected)}</dd>
                <dt>Sample</dt>
                <dd>n = {o.evaluation.n}</dd>
                <dt>Window elapsed</dt>
                <dd>{Math.round(o.evaluation.elapsed * 100)}%</dd>
              </dl>
              {later.length > 0 && (
                <div className="alert alert-info">
                  Changed after the campaign started:
                  <ul>
                    {later.map((c) => (
                      <li key={c.id}>
                        {formatDateTime(c.changedAt)}: {c.kind}
                        {c.reason ? ` — ${c.reason}` : ''}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
