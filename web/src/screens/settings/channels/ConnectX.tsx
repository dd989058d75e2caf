import { useMutation } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api, call } from '../../../api/client';
import { type Channel, channelName } from '../../../api/queries';
import { ProblemMessage } from '../../../ui/states';

const CONNECT_REFUSALS: Record<string, string> = {
  expired: 'The sign-in link had expired or was already used. Start again.',
  denied: 'The X account owner declined access.',
  handle_mismatch: 'X signed in a different account than this channel’s handle.',
  x_refused: 'X refused the sign-in.',
};

/**
 * Connecting is an OAuth round trip: the API hands out X's consent page, X sends the browser
 * back to the API, which stores the credentials and returns here with the outcome in the query.
 */
export function ConnectX({ channel }: { channel: Channel }) {
  const start = useMutation({
    mutationFn: (flow: 'oauth2' | 'oauth1') =>
      call(
        flow === 'oauth2'
          ? api.POST('/api/channels/{id}/connect/x/oauth2', {
              params: { path: { id: channel.id } },
            })
          : api.POST('/api/channels/{id}/connect/x/oauth1', {
              params: { path: { id: channel.id } },
            }),
      ),
    onSuccess: ({ authorizeUrl }) => window.location.assign(authorizeUrl),
  });
  return (
    <span className="connect-x">
      <button
        type="button"
        className="btn btn-secondary btn-small"
        disabled={start.isPending}
        onClick={() => start.mutate('oauth2')}
      >
        {channel.hasCredentials ? 'Reconnect X account' : 'Connect X account'}
      </button>
      <button
        type="button"
        className="btn btn-link btn-small"
        disabled={start.isPending}
        onClick={() => start.mutate('oauth1')}
      >
        with OAuth 1.0a
      </button>
      <ProblemMessage error={start.error} />
    </span>
  );
}

/** What X's round trip ended with, as the API's callback reported it in the address. */
export function ConnectOutcome({ channels }: { channels: Channel[] }) {
  const [params, setParams] = useSearchParams();
  const connected = params.get('connected');
  const failed = params.get('connectFailed');
  if (connected === null && failed === null) return null;
  const channel = channels.find((c) => c.id === (connected ?? failed));
  const dismiss = () => setParams({}, { replace: true });
  return connected !== null ? (
    <div className="alert alert-success" role="status">
      {channelName(channel)} is connected to its X account.{' '}
      <button type="button" className="btn btn-link btn-small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  ) : (
    <div className="alert alert-danger" role="alert">
      <strong>Connecting {channel ? channelName(channel) : 'the channel'} failed.</strong>{' '}
      {CONNECT_REFUSALS[params.get('reason') ?? ''] ?? ''} {params.get('detail')}{' '}
      <button type="button" className="btn btn-link btn-small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
