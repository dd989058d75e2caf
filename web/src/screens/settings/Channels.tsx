import { useState } from 'react';
import { type Channel, channelName, useChannels } from '../../api/queries';
import { Badge } from '../../ui/badges';
import { Empty, ErrorState, Loading } from '../../ui/states';
import { TableHead } from '../../ui/TableHead';
import { ChannelForm } from './channels/ChannelForm';
import { ConnectOutcome, ConnectX } from './channels/ConnectX';

export function Channels() {
  const channels = useChannels();
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);
  if (channels.isPending) return <Loading />;
  if (channels.isError)
    return <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />;
  return (
    <div className="stack">
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          New channel
        </button>
      </div>
      <ConnectOutcome channels={channels.data} />
      {editing && (
        <ChannelForm
          key={editing === 'new' ? 'new' : editing.id}
          channel={editing === 'new' ? undefined : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {channels.data.length === 0 ? (
        <Empty title="No channels yet">Add a sandbox channel to rehearse, or an X account.</Empty>
      ) : (
        <div className="table-wrap card">
          <table className="table">
            <TableHead
              columns={[
                'Channel',
                'Language',
                'Timezone',
                'Slots a week',
                'Spacing',
                'Daily cap',
                'Status',
              ]}
            />
            <tbody>
              {channels.data.map((c) => (
                <tr key={c.id}>
                  <td>
                    <strong>{channelName(c)}</strong>
                    {c.displayName && <div className="muted small">{c.displayName}</div>}
                  </td>
                  <td>{c.language}</td>
                  <td>{c.timezone}</td>
                  <td>{c.weeklySlots.length}</td>
                  <td>{c.minSpacingMinutes} min</td>
                  <td>{c.dailyCap}</td>
                  <td>
                    <Badge
                      tone={
                        c.status === 'connected'
                          ? 'good'
                          : c.status === 'needs_reconnect'
                            ? 'warn'
                            : 'neutral'
                      }
                    >
                      {c.status.replace('_', ' ')}
                    </Badge>
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="btn btn-secondary btn-small"
                      onClick={() => setEditing(c)}
                    >
                      Edit
                    </button>
                    {c.platform === 'x' && <ConnectX channel={c} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
