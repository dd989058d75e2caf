import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { pauses } from '../db/schema/index.js';

export type PauseRow = typeof pauses.$inferSelect;
export type NewPause = typeof pauses.$inferInsert;

@Injectable()
export class PausesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(tx: Executor, values: NewPause): Promise<PauseRow> {
    const [row] = await tx.insert(pauses).values(values).returning();
    return row!;
  }

  async findForUpdate(tx: Executor, id: string): Promise<PauseRow | undefined> {
    const [row] = await tx.select().from(pauses).where(eq(pauses.id, id)).for('update');
    return row;
  }

  async update(tx: Executor, id: string, changes: Partial<NewPause>): Promise<PauseRow> {
    const [row] = await tx.update(pauses).set(changes).where(eq(pauses.id, id)).returning();
    return row!;
  }

  /**
   * Pauses and blackouts not lifted and not over at `now`; `affects` picks a post's own. A promise
   * proper, not drizzle's query, which runs again for every handler attached to it: the publisher
   * attaches two, and each claim read the pauses twice (bench:publish, pg_stat_statements).
   */
  async current(now: Date, tx: Executor = this.db): Promise<PauseRow[]> {
    return tx
      .select()
      .from(pauses)
      .where(and(isNull(pauses.liftedAt), or(isNull(pauses.endsAt), gt(pauses.endsAt, now))))
      .orderBy(desc(pauses.startsAt));
  }

  list(): Promise<PauseRow[]> {
    return this.db.select().from(pauses).orderBy(desc(pauses.createdAt)).limit(500);
  }
}
