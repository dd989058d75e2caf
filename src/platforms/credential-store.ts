import { Inject, Injectable } from '@nestjs/common';
import { type Actor, SYSTEM_ACTOR } from '../audit/actor.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { notFound } from '../common/domain-errors.js';
import { LruMap } from '../common/lru-map.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { RedisLock } from '../queue/redis-lock.js';
import { CredentialsCipher } from './credentials-cipher.js';
import {
  type StoredChannel,
  StoredCredentialsRepository,
} from './stored-credentials.repository.js';

/** More channels than any deployment publishes to; past it the least recently used entry goes. */
const MAX_UNSEALED = 10_000;

/** The stored credentials cannot be decrypted (a key was removed, or the column was altered). */
export class UnreadableCredentials extends Error {
  override readonly name = 'UnreadableCredentials';
}

/** What a refresh decided: keep what is stored (someone refreshed first) or replace it. */
export type Renewal<T> = { keep: T } | { replace: T };

/**
 * The one place platform credentials are encrypted, decrypted, saved and refreshed. Every save
 * writes its audit row in the same transaction. Refreshes run under a per-channel lock because
 * refresh tokens may be single-use (X's are): two processes refreshing with the same token
 * would end the chain and disconnect the channel.
 */
@Injectable()
export class CredentialStore {
  private readonly cipher: CredentialsCipher;
  /**
   * Decrypted credentials by their stored form. Every create request reads its channel's
   * credentials, and decrypting them each time was a few per cent of a publishing burst's worker
   * CPU. Keyed by the ciphertext, which every save and refresh replaces (a new IV each time), so a
   * changed credential is never answered from here; frozen, so no caller can alter the shared copy.
   */
  private readonly unsealed = new LruMap<string, unknown>(MAX_UNSEALED);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly stored: StoredCredentialsRepository,
    private readonly audit: AuditRepository,
    private readonly lock: RedisLock,
  ) {
    this.cipher = new CredentialsCipher(config.credentialKeys);
  }

  /** The stored (encrypted) form, for a channel row being written by its owner. */
  seal(credentials: object): string {
    return this.cipher.encrypt(credentials);
  }

  /** Decrypts a channel row's column. Never hand the result to a response or a log. */
  unseal(stored: string | null): unknown {
    if (stored === null) return null;
    const cached = this.unsealed.get(stored);
    if (cached !== undefined) return cached;
    let credentials: unknown;
    try {
      credentials = deepFreeze(this.cipher.decrypt(stored));
    } catch (error) {
      throw new UnreadableCredentials((error as Error).message);
    }
    this.unsealed.set(stored, credentials);
    return credentials;
  }

  /** The channel's credentials as stored right now. */
  async read(channelId: string, tx: Executor = this.db): Promise<unknown> {
    const sealed = await this.stored.find(channelId, tx);
    if (sealed === undefined) throw notFound('Channel', channelId);
    return this.unseal(sealed);
  }

  /** Credentials a person supplied (by hand or by connecting): the channel is connected again. */
  async save(
    actor: Actor,
    channelId: string,
    credentials: object,
    platformAccountId?: string,
  ): Promise<StoredChannel> {
    return this.db.transaction(async (tx) => {
      await this.mustLock(tx, channelId);
      const after = await this.stored.update(tx, channelId, {
        credentials: this.seal(credentials),
        status: 'connected',
        ...(platformAccountId ? { platformAccountId } : {}),
      });
      await this.audit.record(tx, actor, {
        action: 'channel.credentials_set',
        entityType: 'channel',
        entityId: channelId,
      });
      return after;
    });
  }

  /**
   * Refreshes under the channel's lock. `renew` gets the credentials as stored once the lock is
   * held (another process may have refreshed meanwhile) and says whether to keep them or
   * replace them; a replacement is committed before it is returned, because the token it was
   * made with is spent.
   */
  async refresh<T extends object>(
    channelId: string,
    renew: (stored: unknown) => Promise<Renewal<T>>,
  ): Promise<T> {
    return this.lock.withLock(`credentials-refresh:${channelId}`, async () => {
      const decision = await renew(await this.read(channelId));
      if ('keep' in decision) return decision.keep;
      await this.db.transaction(async (tx) => {
        await this.mustLock(tx, channelId);
        await this.stored.update(tx, channelId, { credentials: this.seal(decision.replace) });
        await this.audit.record(tx, SYSTEM_ACTOR, {
          action: 'channel.credentials_refreshed',
          entityType: 'channel',
          entityId: channelId,
        });
      });
      return decision.replace;
    });
  }

  /** Keeps the account id the platform confirmed for an older channel connected without it. */
  async rememberAccount(channelId: string, platformAccountId: string, username: string) {
    await this.db.transaction(async (tx) => {
      await this.stored.update(tx, channelId, { platformAccountId });
      await this.audit.record(tx, SYSTEM_ACTOR, {
        action: 'channel.platform_account_found',
        entityType: 'channel',
        entityId: channelId,
        after: { platformAccountId, username },
      });
    });
  }

  private async mustLock(tx: Executor, channelId: string): Promise<void> {
    if (!(await this.stored.lock(tx, channelId))) throw notFound('Channel', channelId);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
