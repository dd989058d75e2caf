import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AuditRepository } from '../audit/audit.repository.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { refused } from '../common/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DATABASE, type Database } from '../db/database.js';
import { redisOptions } from '../queue/redis-options.js';

const WINDOW_MS = 60_000;

/**
 * A sliding window: the checks of the last minute are kept as a sorted set of timestamps.
 * A refused check is not counted, so a client that waits as told gets through. The second key
 * marks that this run of refusals was audited, so bulk use is audited once a minute, not per
 * request. Returns [allowed, first refusal of the run, ms until the oldest check leaves].
 */
const TAKE = `
redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1] - ARGV[2])
local count = redis.call('zcard', KEYS[1])
if count >= tonumber(ARGV[3]) then
  local oldest = redis.call('zrange', KEYS[1], 0, 0, 'WITHSCORES')
  local first = redis.call('set', KEYS[2], '1', 'NX', 'PX', ARGV[2]) and 1 or 0
  return {0, first, tonumber(oldest[2]) + tonumber(ARGV[2]) - tonumber(ARGV[1])}
end
redis.call('zadd', KEYS[1], ARGV[1], ARGV[4])
redis.call('pexpire', KEYS[1], ARGV[2])
return {1, 0, 0}`;

/**
 * Limits how often one user may run the identity check, so it cannot be used to test thousands
 * of guessed names and towns against a defector. Counted in Redis, so every API process shares
 * the count.
 *
 * Going over the limit is what bulk use looks like, so that is what is audited: once per user
 * and minute of refusals, with the limit and how many defectors were asked about, never the
 * checked text. Auditing every check would bury that signal under the checks the post editor
 * runs while people type.
 */
@Injectable()
export class IdentityCheckRateLimit implements OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly limit: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DATABASE) private readonly db: Database,
    private readonly audit: AuditRepository,
  ) {
    // Used inside HTTP requests: give up quickly when Redis is down rather than hang the browser.
    this.redis = new Redis(
      redisOptions(config.redis.url, { maxRetriesPerRequest: 1, connectTimeout: 2_000 }),
    );
    this.prefix = `${config.redis.prefix}:identity-check:`;
    this.limit = config.identityCheck.ratePerMinute;
  }

  /** Counts one check by `principal`; refuses it (429) when the last minute holds the limit. */
  async take(principal: Principal, defectorCount: number): Promise<void> {
    const key = `${this.prefix}${principal.userId}`;
    let result: [number, number, number];
    try {
      result = (await this.redis.eval(
        TAKE,
        2,
        key,
        `${key}:audited`,
        Date.now(),
        WINDOW_MS,
        this.limit,
        `${Date.now()}:${randomUUID()}`,
      )) as [number, number, number];
    } catch {
      // Without a count the limit cannot be kept; the check is refused rather than unlimited.
      throw refused('unavailable', 'The identity check is unavailable; try again shortly.');
    }
    const [allowed, firstRefusal, waitMs] = result;
    if (allowed === 1) return;
    if (firstRefusal === 1) {
      await this.db.transaction((tx) =>
        this.audit.record(tx, actorOf(principal), {
          action: 'identity_check.rate_limited',
          entityType: 'user',
          entityId: principal.userId,
          after: { limitPerMinute: this.limit, defectorCount },
        }),
      );
    }
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw refused(
      'rate_limited',
      `At most ${this.limit} identity checks a minute; try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
