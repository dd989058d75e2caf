import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../../db/database.js';
import { decisionLog } from '../../db/schema/index.js';

export type DecisionRow = typeof decisionLog.$inferSelect;
export type NewDecision = typeof decisionLog.$inferInsert;

export interface DecisionFilter {
  campaignId?: string;
  from?: Date;
  to?: Date;
}

/** The decision log: inserted and read, never changed (a trigger refuses UPDATE and DELETE). */
@Injectable()
export class DecisionsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(tx: Executor, values: NewDecision): Promise<DecisionRow> {
    const [row] = await tx.insert(decisionLog).values(values).returning();
    return row!;
  }

  list(filter: DecisionFilter): Promise<DecisionRow[]> {
    const where: SQL[] = [];
    if (filter.campaignId) where.push(eq(decisionLog.campaignId, filter.campaignId));
    if (filter.from) where.push(gte(decisionLog.at, filter.from));
    if (filter.to) where.push(lt(decisionLog.at, filter.to));
    return this.db
      .select()
      .from(decisionLog)
      .where(and(...where))
      .orderBy(asc(decisionLog.at), asc(decisionLog.recordedAt));
  }
}
