import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import { anyOfPlaceholder } from '../db/any-of.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { ReusedRead } from '../db/reused-read.js';
import { olderThan } from '../db/older-than.js';
import {
  type ConsentStatus,
  defectorConsentChanges,
  defectorIdentifyingDetails,
  defectors,
  type IdentifyingDetailKind,
  quotes,
  sources,
} from '../db/schema/index.js';

export type DefectorRow = typeof defectors.$inferSelect;
export type NewDefector = Omit<typeof defectors.$inferInsert, 'createdAt' | 'updatedAt'>;
export type ConsentChangeRow = typeof defectorConsentChanges.$inferSelect;
export type IdentifyingDetailRow = typeof defectorIdentifyingDetails.$inferSelect;

@Injectable()
export class DefectorsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async findById(id: string, tx: Executor = this.db): Promise<DefectorRow | undefined> {
    const [row] = await tx.select().from(defectors).where(eq(defectors.id, id));
    return row;
  }

  findByIds(ids: string[], tx: Executor = this.db): Promise<DefectorRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return tx.select().from(defectors).where(inArray(defectors.id, ids));
  }

  /** Locks the row so consent changes and the quotes they retract are decided one at a time. */
  async findByIdForUpdate(tx: Executor, id: string): Promise<DefectorRow | undefined> {
    const [row] = await tx.select().from(defectors).where(eq(defectors.id, id)).for('update');
    return row;
  }

  /** Defectors with this display name who are already quoted from the source with this url. */
  async findQuotedIn(
    displayName: string,
    sourceUrl: string,
    tx: Executor = this.db,
  ): Promise<DefectorRow[]> {
    return tx
      .selectDistinct({ defector: defectors })
      .from(defectors)
      .innerJoin(quotes, eq(quotes.defectorId, defectors.id))
      .innerJoin(sources, eq(sources.id, quotes.sourceId))
      .where(and(eq(defectors.displayName, displayName), eq(sources.url, sourceUrl)))
      .then((rows) => rows.map((r) => r.defector));
  }

  async insert(tx: Executor, defector: NewDefector): Promise<DefectorRow> {
    const [row] = await tx.insert(defectors).values(defector).returning();
    return row!;
  }

  async update(
    tx: Executor,
    id: string,
    changes: Partial<Omit<NewDefector, 'id'>>,
  ): Promise<DefectorRow> {
    const [row] = await tx
      .update(defectors)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(defectors.id, id))
      .returning();
    return row!;
  }

  async recordConsentChange(
    tx: Executor,
    change: {
      defectorId: string;
      fromStatus: ConsentStatus | null;
      toStatus: ConsentStatus;
      reason: string;
      actorId: string | null;
      actorLabel: string;
    },
  ): Promise<void> {
    await tx.insert(defectorConsentChanges).values(change);
  }

  consentHistory(defectorId: string, tx: Executor = this.db): Promise<ConsentChangeRow[]> {
    return tx
      .select()
      .from(defectorConsentChanges)
      .where(eq(defectorConsentChanges.defectorId, defectorId))
      .orderBy(asc(defectorConsentChanges.id));
  }

  private readonly detailsOfDefectors = new ReusedRead((ex) =>
    ex
      .select()
      .from(defectorIdentifyingDetails)
      .where(anyOfPlaceholder(defectorIdentifyingDetails.defectorId, 'defectorIds'))
      .orderBy(asc(defectorIdentifyingDetails.createdAt), asc(defectorIdentifyingDetails.id)),
  );

  identifyingDetails(
    defectorIds: string[],
    tx: Executor = this.db,
  ): Promise<IdentifyingDetailRow[]> {
    if (defectorIds.length === 0) return Promise.resolve([]);
    return this.detailsOfDefectors.run(this.db, tx, { defectorIds });
  }

  async addIdentifyingDetail(
    tx: Executor,
    detail: {
      defectorId: string;
      kind: IdentifyingDetailKind;
      value: string;
      aliases?: string[];
      createdBy: string | null;
    },
  ): Promise<IdentifyingDetailRow> {
    const [row] = await tx.insert(defectorIdentifyingDetails).values(detail).returning();
    return row!;
  }

  /** Locks the detail so concurrent edits of its spellings are applied one after the other. */
  async findIdentifyingDetailForUpdate(
    tx: Executor,
    defectorId: string,
    detailId: string,
  ): Promise<IdentifyingDetailRow | undefined> {
    const [row] = await tx
      .select()
      .from(defectorIdentifyingDetails)
      .where(
        and(
          eq(defectorIdentifyingDetails.id, detailId),
          eq(defectorIdentifyingDetails.defectorId, defectorId),
        ),
      )
      .for('update');
    return row;
  }

  async updateIdentifyingDetail(
    tx: Executor,
    detailId: string,
    changes: { kind?: IdentifyingDetailKind; value?: string; aliases?: string[] },
  ): Promise<IdentifyingDetailRow> {
    const [row] = await tx
      .update(defectorIdentifyingDetails)
      .set(changes)
      .where(eq(defectorIdentifyingDetails.id, detailId))
      .returning();
    return row!;
  }

  async deleteIdentifyingDetail(
    tx: Executor,
    defectorId: string,
    detailId: string,
  ): Promise<IdentifyingDetailRow | undefined> {
    const [row] = await tx
      .delete(defectorIdentifyingDetails)
      .where(
        and(
          eq(defectorIdentifyingDetails.id, detailId),
          eq(defectorIdentifyingDetails.defectorId, defectorId),
        ),
      )
      .returning();
    return row;
  }

  list(options: {
    displayName?: string;
    consentStatus?: ConsentStatus;
    before?: { createdAt: Date; id: string };
    limit: number;
  }): Promise<DefectorRow[]> {
    const conditions: (SQL | undefined)[] = [];
    if (options.displayName) {
      const pattern = `%${options.displayName.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      conditions.push(ilike(defectors.displayName, pattern));
    }
    if (options.consentStatus) conditions.push(eq(defectors.consentStatus, options.consentStatus));
    const b = options.before;
    if (b) {
      conditions.push(olderThan(defectors.createdAt, defectors.id, b));
    }
    return this.db
      .select()
      .from(defectors)
      .where(and(...conditions))
      .orderBy(desc(defectors.createdAt), desc(defectors.id))
      .limit(options.limit);
  }
}
