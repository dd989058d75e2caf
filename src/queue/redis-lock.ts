import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

// Deletes the key only if it still holds our token, so an expired lock taken over by another
// process is never released by us.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** A short-lived mutual exclusion across processes, e.g. one OAuth token refresh per channel. */
@Injectable()
export class RedisLock implements OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = new Redis(config.redis.url, {
      maxRetriesPerRequest: 2,
      lazyConnect: false,
      enableOfflineQueue: true,
    });
    this.prefix = `${config.redis.prefix}:lock:`;
  }

  /** Runs `work` holding `name`, waiting up to `waitMs` for it; the lock expires after `ttlMs` regardless. */
  async withLock<T>(
    name: string,
    work: () => Promise<T>,
    options: { ttlMs?: number; waitMs?: number } = {},
  ): Promise<T> {
    const { ttlMs = 30_000, waitMs = 10_000 } = options;
    const key = this.prefix + name;
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    while (!(await this.take(key, token, ttlMs))) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for lock ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.holding(key, token, work);
  }

  /**
   * Runs `work` holding `name` if no other process holds it, without waiting; undefined when it
   * is held. For work that whoever holds the lock is doing anyway.
   */
  async ifFree<T>(
    name: string,
    work: () => Promise<T>,
    options: { ttlMs?: number } = {},
  ): Promise<T | undefined> {
    const key = this.prefix + name;
    const token = randomUUID();
    if (!(await this.take(key, token, options.ttlMs ?? 30_000))) return undefined;
    return this.holding(key, token, work);
  }

  private async take(key: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK';
  }

  private async holding<T>(key: string, token: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      await this.redis.eval(RELEASE, 1, key, token);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
