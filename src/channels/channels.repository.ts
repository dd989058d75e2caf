import { Inject, Injectable } from '@nestjs/common';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { ReusedRead } from '../db/reused-read.js';
import { channels } from '../db/schema/index.js';

export type ChannelRow = typeof channels.$inferSelect;
export type NewChannel = typeof channels.$inferInsert;

@Injectable()
export class ChannelsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(tx: Executor, values: NewChannel): Promise<ChannelRow | undefined> {
    const [row] = await tx.insert(channels).values(values).onConflictDoNothing().returning();
    return row;
  }

  private readonly byId = new ReusedRead((ex) =>
    ex
      .select()
      .from(channels)
      .where(eq(channels.id, sql.placeholder('id'))),
  );

  async findById(id: string, tx: Executor = this.db): Promise<ChannelRow | undefined> {
    const [row] = await this.byId.run(this.db, tx, { id });
    return row;
  }

  async findByIds(ids: readonly string[]): Promise<ChannelRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(channels)
      .where(inArray(channels.id, [...ids]));
  }

  /** Serialises slot assignment and changes per channel. */
  async findForUpdate(tx: Executor, id: string): Promise<ChannelRow | undefined> {
    const [row] = await tx.select().from(channels).where(eq(channels.id, id)).for('update');
    return row;
  }

  /**
   * `findForUpdate` for several channels in one statement, locked in id order so that two
   * transactions locking overlapping sets wait for each other instead of deadlocking.
   */
  async findManyForUpdate(tx: Executor, ids: readonly string[]): Promise<ChannelRow[]> {
    if (ids.length === 0) return [];
    return tx
      .select()
      .from(channels)
      .where(inArray(channels.id, [...ids]))
      .orderBy(asc(channels.id))
      .for('update');
  }

  async update(tx: Executor, id: string, changes: Partial<NewChannel>): Promise<ChannelRow> {
    const [row] = await tx
      .update(channels)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(channels.id, id))
      .returning();
    return row!;
  }

  list(): Promise<ChannelRow[]> {
    return this.db.select().from(channels).orderBy(asc(channels.platform), asc(channels.handle));
  }
}
