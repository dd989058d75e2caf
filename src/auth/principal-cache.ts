import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { redisOptions } from '../queue/redis-options.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Principal } from './principal.js';

/** A resolved credential and the instant it stops being valid on its own (expiry). */
export interface CachedPrincipal {
  principal: Principal;
  validUntil: Date;
}

const MAX_ENTRIES = 10_000;
/**
 * How often the shared generation is compared with the last one received: a backstop for a
 * message lost on a connection that looks alive (half-open TCP); dropped connections are noticed
 * at once and bypass the cache instead.
 */
const GENERATION_CHECK_MS = 1_000;
/**
 * The longest a change waits for every process to confirm it emptied its cache. A process that
 * has not confirmed by then has a broken subscription or a stalled event loop; its generation
 * check empties its cache within GENERATION_CHECK_MS of running again.
 */
const ACK_TIMEOUT_MS = 2_000;

/**
 * Resolved sessions and API tokens by credential digest, so a request is authenticated without a
 * query. Correctness over hit rate:
 * - Every change that can end or alter a principal (logout, token revocation, disabling, a new
 *   password, new roles) calls `invalidate()` after its transaction commits. That empties this
 *   process's cache, increments a generation number in Redis and publishes it; every process
 *   empties its cache when the message arrives and confirms on a second channel, and
 *   `invalidate()` resolves once every process that received it has confirmed, so the writer's
 *   response leaves after every cache is empty. (That the message was delivered is not enough: a
 *   process may read the next request's socket before its Redis socket.)
 * - While the subscription is not confirmed (starting, Redis down, reconnecting) the cache is
 *   bypassed and emptied: every request reads PostgreSQL, as it did without the cache.
 * - Each second the generation in Redis is compared with the last one received; a difference
 *   (a lost message) empties the cache, an unreadable generation bypasses it.
 * - A load that started before an invalidation is not stored: it may have read the old state.
 * - Only hits are cached, so a new token works at once; expiry is checked on every hit.
 */
@Injectable()
export class PrincipalCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PrincipalCache.name);
  private readonly entries = new Map<string, CachedPrincipal>();
  /** Bumped by every invalidation seen here, local or received; guards loads in flight. */
  private epoch = 0;
  /** The last shared generation this process acted on; undefined until in sync. */
  private generation: string | undefined;
  private subscribed = false;
  private readonly key: string;
  /** Where processes confirm that they emptied their caches for a generation. */
  private readonly ackKey: string;
  /** Confirmations of each generation this process published and waits for. */
  private readonly awaitingAcks = new Map<string, Confirmations>();
  private subscriber: Redis | undefined;
  private publisher: Redis | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** While Redis is away the check waits in the offline queue; one such wait is enough. */
  private checking = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = `${config.redis.prefix}:auth-generation`;
    this.ackKey = `${this.key}:ack`;
  }

  /** True while cached principals may be served. */
  get active(): boolean {
    return this.subscribed && this.generation !== undefined;
  }

  onModuleInit(): void {
    const { url } = this.config.redis;
    // Invalidations are sent from inside requests (logout, revocation…). They wait for a
    // connection being made (start-up) but give up after one retry while Redis is down rather than
    // hold the answer; the other processes' subscriptions are down then too, so they bypass their
    // caches until they resubscribe and read the generation.
    this.publisher = new Redis(
      redisOptions(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000 }),
    );
    this.subscriber = new Redis(url, { maxRetriesPerRequest: null, autoResubscribe: false });
    for (const client of [this.publisher, this.subscriber])
      client.on('error', (error: Error) =>
        this.logger.warn({ err: error.message }, 'auth cache Redis connection failed'),
      );
    this.subscriber.on('message', (channel: string, generation: string) => {
      if (channel === this.ackKey) return this.acknowledged(generation);
      this.received(generation);
      this.publisher!.publish(this.ackKey, generation).catch((error: Error) =>
        this.logger.warn({ err: error.message }, 'auth cache invalidation not confirmed'),
      );
    });
    this.subscriber.on('close', () => this.bypass());
    this.subscriber.on('ready', () => void this.subscribe());
    this.timer = setInterval(() => void this.checkGeneration(), GENERATION_CHECK_MS);
    this.timer.unref();
  }

  /** A cached principal for `key`, or `load()`'s answer, stored when nothing changed meanwhile. */
  async resolve(
    key: string,
    load: () => Promise<CachedPrincipal | undefined>,
    now = new Date(),
  ): Promise<Principal | undefined> {
    if (this.active) {
      const hit = this.entries.get(key);
      if (hit && hit.validUntil > now) return hit.principal;
      if (hit) this.entries.delete(key);
    }
    const epoch = this.epoch;
    const loaded = await load();
    if (loaded && this.active && epoch === this.epoch) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, loaded);
    }
    return loaded?.principal;
  }

  /**
   * Call after committing a change to a user, session or token: this process forgets at once,
   * and this resolves once every other subscribed process confirmed it forgot too (or after
   * ACK_TIMEOUT_MS). While Redis is unreachable it resolves at once: the other processes'
   * subscriptions are down then too, so they bypass their caches.
   */
  async invalidate(): Promise<void> {
    this.forget();
    const publisher = this.publisher;
    if (!publisher) return;
    let generation = '';
    try {
      generation = String(await publisher.incr(this.key));
      // Registered before publishing: confirmations may arrive before the count does.
      const confirmations = new Confirmations();
      this.awaitingAcks.set(generation, confirmations);
      // Counts every subscribed connection, this process's own included.
      confirmations.expect(await publisher.publish(this.key, generation));
      if (!(await confirmations.allWithin(ACK_TIMEOUT_MS))) {
        this.logger.warn(
          { receivers: confirmations.expected, confirmed: confirmations.received },
          'auth cache invalidation not confirmed by every process in time',
        );
      }
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'auth cache invalidation not published');
    } finally {
      this.awaitingAcks.delete(generation);
    }
  }

  private acknowledged(generation: string): void {
    this.awaitingAcks.get(generation)?.add();
  }

  private received(generation: string): void {
    this.forget();
    this.generation = generation;
  }

  private forget(): void {
    this.epoch++;
    this.entries.clear();
  }

  private bypass(): void {
    this.subscribed = false;
    this.generation = undefined;
    this.forget();
  }

  /** Subscribes, then adopts the current generation: from then on no change can go unseen. */
  private async subscribe(): Promise<void> {
    try {
      await this.subscriber!.subscribe(this.key, this.ackKey);
      this.subscribed = true;
      await this.checkGeneration();
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'auth cache subscription failed');
      this.bypass();
    }
  }

  private async checkGeneration(): Promise<void> {
    if (!this.subscribed || !this.publisher || this.checking) return;
    this.checking = true;
    try {
      const current = (await this.publisher.get(this.key)) ?? '0';
      if (current !== this.generation) this.received(current);
    } catch {
      this.generation = undefined;
      this.forget();
    } finally {
      this.checking = false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    // No confirmations from a publisher about to close.
    this.subscriber?.removeAllListeners('message');
    this.bypass();
    await Promise.all(
      [this.subscriber, this.publisher].map((c) => c?.quit().catch(() => c.disconnect())),
    );
  }
}

/** The confirmations of one published generation: all arrived once as many as it reached. */
class Confirmations {
  received = 0;
  expected = Infinity;
  private arrived!: () => void;
  private readonly all = new Promise<void>((resolve) => (this.arrived = resolve));

  add(): void {
    this.received++;
    this.settle();
  }

  expect(receivers: number): void {
    this.expected = receivers;
    this.settle();
  }

  /** True when all arrived within `ms`. */
  async allWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.all.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false))),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private settle(): void {
    if (this.received >= this.expected) this.arrived();
  }
}
