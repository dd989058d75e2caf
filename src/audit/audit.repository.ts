import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, gte, lt, lte, SQL } from 'drizzle-orm';
import { columnsWithout } from '../db/columns-without.js';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { auditEvents } from '../db/schema/index.js';
import type { Actor } from './actor.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditFilter {
  actorId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit: number;
}

/** What the audit trail says of an event: its transaction is the notification fan-out's business. */
const eventColumns = columnsWithout(auditEvents, 'tx');
export type AuditEventRow = Omit<typeof auditEvents.$inferSelect, 'tx'>;

@Injectable()
export class AuditRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Always called with the mutation's own transaction, so the change and its record commit together. */
  async record(tx: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
    await tx.insert(auditEvents).values({
      actorId: actor.id,
      actorLabel: actor.label,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
    });
  }

  async list(filter: AuditFilter): Promise<AuditEventRow[]> {
    const conditions: SQL[] = [];
    if (filter.actorId) conditions.push(eq(auditEvents.actorId, filter.actorId));
    if (filter.entityType) conditions.push(eq(auditEvents.entityType, filter.entityType));
    if (filter.entityId) conditions.push(eq(auditEvents.entityId, filter.entityId));
    if (filter.action) conditions.push(eq(auditEvents.action, filter.action));
    if (filter.from) conditions.push(gte(auditEvents.at, filter.from));
    if (filter.to) conditions.push(lte(auditEvents.at, filter.to));
    // The id is monotonic, so it alone orders the log and keys the cursor.
    if (filter.beforeId !== undefined) conditions.push(lt(auditEvents.id, filter.beforeId));
    return this.db
      .select(eventColumns)
      .from(auditEvents)
      .where(and(...conditions))
      .orderBy(desc(auditEvents.id))
      .limit(filter.limit);
  }

  /** The actions the trail holds, for the audit log's filter. */
  async actions(): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ action: auditEvents.action })
      .from(auditEvents)
      .orderBy(auditEvents.action);
    return rows.map((r) => r.action);
  }
}
