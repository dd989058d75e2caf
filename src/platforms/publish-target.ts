import type { Platform } from '../db/schema/index.js';
import type { CredentialStore, Renewal } from './credential-store.js';
import type { StoredChannel } from './stored-credentials.repository.js';

/** A channel's credentials as an adapter may use them: read, refresh, and little else. */
export interface ChannelCredentials {
  /** As the channel held them when the target was made; throws UnreadableCredentials. */
  current(): unknown;
  /** See CredentialStore.refresh: under the channel's lock, saved with an audit row. */
  refresh<T extends object>(renew: (stored: unknown) => Promise<Renewal<T>>): Promise<T>;
  /** Keeps the account id the platform confirmed (channels connected before ids were kept). */
  rememberAccount(platformAccountId: string, username: string): Promise<void>;
}

/** Where a post goes: what an adapter gets instead of a database row. */
export interface PublishTarget {
  channelId: string;
  platform: Platform;
  handle: string;
  /** The account's id on the platform, when known. */
  platformAccountId: string | null;
  credentials: ChannelCredentials;
}

/** The parts of a channel row a target is made of. */
export type TargetChannel = Pick<
  StoredChannel,
  'id' | 'platform' | 'handle' | 'platformAccountId' | 'credentials'
>;

export function publishTarget(channel: TargetChannel, store: CredentialStore): PublishTarget {
  return {
    channelId: channel.id,
    platform: channel.platform,
    handle: channel.handle,
    platformAccountId: channel.platformAccountId,
    credentials: {
      current: () => store.unseal(channel.credentials),
      refresh: (renew) => store.refresh(channel.id, renew),
      rememberAccount: (platformAccountId, username) =>
        store.rememberAccount(channel.id, platformAccountId, username),
    },
  };
}
