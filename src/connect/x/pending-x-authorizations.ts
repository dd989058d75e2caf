import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Actor } from '../../audit/actor.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { redisOptions } from '../../queue/redis-options.js';

/** X gives people this long to approve; an unanswered consent is forgotten afterwards. */
export const PENDING_AUTHORIZATION_TTL_SEC = 600;

/** Who asked to connect which channel, and the secret half of the handshake. */
export interface PendingXAuthorization {
  channelId: string;
  actor: Actor;
  /** OAuth 2.0: the PKCE code verifier; OAuth 1.0a: the request token secret. */
  secret: string;
}

type Flow = 'oauth2' | 'oauth1';

/**
 * Consent handshakes between "connect" and X's redirect back, kept in Redis so any API process
 * can finish what another started. Each one can be taken only once.
 */
@Injectable()
export class PendingXAuthorizations implements OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Used inside HTTP requests: give up quickly when Redis is down rather than hang the browser.
    this.redis = new Redis(
      redisOptions(config.redis.url, { maxRetriesPerRequest: 1, connectTimeout: 2_000 }),
    );
    this.prefix = `${config.redis.prefix}:x-connect:`;
  }

  /** `key` is the OAuth 2.0 state or the OAuth 1.0a request token, both unguessable. */
  async remember(flow: Flow, key: string, pending: PendingXAuthorization): Promise<void> {
    await this.redis.set(
      `${this.prefix}${flow}:${key}`,
      JSON.stringify(pending),
      'EX',
      PENDING_AUTHORIZATION_TTL_SEC,
    );
  }

  /** Removes and returns the handshake, so a replayed callback finds nothing. */
  async take(flow: Flow, key: string): Promise<PendingXAuthorization | undefined> {
    const raw = await this.redis.getdel(`${this.prefix}${flow}:${key}`);
    return raw === null ? undefined : (JSON.parse(raw) as PendingXAuthorization);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
