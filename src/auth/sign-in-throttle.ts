import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { refused } from '../common/domain-errors.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { digest } from './secrets.js';
import { backoffMs, rememberedFailures, waitLeftMs } from './sign-in-backoff.js';
import { SignInThrottlesRepository } from './sign-in-throttles.repository.js';

/** The throttle keys one sign-in attempt counts against. */
export interface SignInAttempt {
  accountKey: string;
  addressKey: string;
}

/**
 * Throttles sign-in by account and by client address with exponential backoff instead of a
 * lock. Keys are derived from the email as typed, whether or not it exists, so a throttled
 * attempt answers the same for every email. Each attempt counts as a failure before the password
 * is checked (concurrent guesses cannot slip through together); a success refunds it.
 */
@Injectable()
export class SignInThrottle {
  private readonly logger = new Logger(SignInThrottle.name);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly throttles: SignInThrottlesRepository,
  ) {}

  /** Counts the attempt, or refuses it (rate_limited, retryAfterSeconds) while a wait runs. */
  async begin(email: string, address: string, now: Date): Promise<SignInAttempt> {
    const attempt = {
      accountKey: `account:${digest(email.trim().toLowerCase())}`,
      addressKey: `address:${digest(address)}`,
    };
    const waitMs = await this.db.transaction(async (tx) => {
      const rows = await this.throttles.lock(tx, [attempt.accountKey, attempt.addressKey]);
      const wait = Math.max(0, ...rows.map((row) => waitLeftMs(row, now)));
      if (wait > 0) return wait;
      for (const row of rows) {
        const failures = rememberedFailures(row, now) + 1;
        await this.throttles.save(tx, row.key, {
          failures,
          lastFailureAt: now,
          blockedUntil: this.blockedUntil(row.key, failures, now),
        });
      }
      return 0;
    });
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      this.logger.warn({ retryAfterSeconds }, 'sign-in throttled after repeated failures');
      throw refused(
        'rate_limited',
        `Too many failed sign-ins; try again in ${retryAfterSeconds} s.`,
        { title: 'Too Many Requests', retryAfterSeconds },
      );
    }
    return attempt;
  }

  /**
   * The attempt signed in: the account's failures are forgotten; the address gets back the one
   * this attempt counted (others behind the same address keep theirs).
   */
  async succeeded(tx: Executor, attempt: SignInAttempt, now: Date): Promise<void> {
    await this.throttles.forget(tx, attempt.accountKey);
    const [row] = await this.throttles.lock(tx, [attempt.addressKey]);
    if (!row) return;
    const failures = Math.max(0, rememberedFailures(row, now) - 1);
    await this.throttles.save(tx, row.key, {
      failures,
      lastFailureAt: row.lastFailureAt,
      blockedUntil: this.blockedUntil(row.key, failures, row.lastFailureAt ?? now),
    });
  }

  private blockedUntil(key: string, failures: number, from: Date): Date | null {
    const { backoffAfterAccount, backoffAfterAddress, backoffMaxMs } = this.config.auth;
    const free = key.startsWith('account:') ? backoffAfterAccount : backoffAfterAddress;
    const wait = backoffMs(failures, free, backoffMaxMs);
    return wait > 0 ? new Date(from.getTime() + wait) : null;
  }
}
