import { Inject, Injectable } from '@nestjs/common';
import { desc, eq, sql } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { ReusedRead } from '../db/reused-read.js';
import { olderThan } from '../db/older-than.js';
import { campaigns } from '../db/schema/index.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type NewCampaign = typeof campaigns.$inferInsert;

@Injectable()
export class CampaignsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(tx: Executor, values: NewCampaign): Promise<CampaignRow> {
    const [row] = await tx.insert(campaigns).values(values).returning();
    return row!;
  }

  private readonly byId = new ReusedRead((ex) =>
    ex
      .select()
      .from(campaigns)
      .where(eq(campaigns.id, sql.placeholder('id'))),
  );

  async findById(id: string, tx: Executor = this.db): Promise<CampaignRow | undefined> {
    const [row] = await this.byId.run(this.db, tx, { id });
    return row;
  }

  async findForUpdate(tx: Executor, id: string): Promise<CampaignRow | undefined> {
    const [row] = await tx.select().from(campaigns).where(eq(campaigns.id, id)).for('update');
    return row;
  }

  async update(tx: Executor, id: string, changes: Partial<NewCampaign>): Promise<CampaignRow> {
    const [row] = await tx
      .update(campaigns)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(campaigns.id, id))
      .returning();
    return row!;
  }

  async list(options: {
    before?: { createdAt: Date; id: string };
    limit: number;
  }): Promise<CampaignRow[]> {
    const b = options.before;
    return this.db
      .select()
      .from(campaigns)
      .where(b ? olderThan(campaigns.createdAt, campaigns.id, b) : undefined)
      .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
      .limit(options.limit);
  }
}
