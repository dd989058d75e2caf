import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, lt, or, isNull } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { signInThrottles } from '../db/schema/index.js';

export type SignInThrottleRow = typeof signInThrottles.$inferSelect;

@Injectable()
export class SignInThrottlesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * The keys' rows, created if missing and locked, so concurrent attempts on one account or
   * address (from any process) are counted one after another. Locked in key order: no deadlock.
   */
  async lock(tx: Executor, keys: string[]): Promise<SignInThrottleRow[]> {
    const sorted = [...keys].sort();
    await tx
      .insert(signInThrottles)
      .values(sorted.map((key) => ({ key })))
      .onConflictDoNothing();
    return tx
      .select()
      .from(signInThrottles)
      .where(inArray(signInThrottles.key, sorted))
      .orderBy(asc(signInThrottles.key))
      .for('update');
  }

  async save(
    tx: Executor,
    key: string,
    state: Pick<SignInThrottleRow, 'failures' | 'lastFailureAt' | 'blockedUntil'>,
  ): Promise<void> {
    await tx.update(signInThrottles).set(state).where(eq(signInThrottles.key, key));
  }

  async forget(tx: Executor, key: string): Promise<void> {
    await tx.delete(signInThrottles).where(eq(signInThrottles.key, key));
  }

  /** Rows with nothing left to remember: no failure since `before` and no wait pending. */
  async purgeQuiet(before: Date, now: Date): Promise<number> {
    const deleted = await this.db
      .delete(signInThrottles)
      .where(
        and(
          or(isNull(signInThrottles.lastFailureAt), lt(signInThrottles.lastFailureAt, before)),
          or(isNull(signInThrottles.blockedUntil), lt(signInThrottles.blockedUntil, now)),
        ),
      )
      .returning({ key: signInThrottles.key });
    return deleted.length;
  }
}
