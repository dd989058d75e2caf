import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { insertRows } from '../db/insert-rows.js';
import { olderThan } from '../db/older-than.js';
import {
  emailDeliveries,
  users,
  webhookDeliveries,
  webhookDeliveryAttempts,
  webhookEndpoints,
} from '../db/schema/index.js';

export type EmailDeliveryRow = typeof emailDeliveries.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookAttemptRow = typeof webhookDeliveryAttempts.$inferSelect;

/** The two outboxes share one life cycle: pending → sending (claimed) → sent | failed. */
export type Outbox = 'email' | 'webhook';
const TABLES = { email: emailDeliveries, webhook: webhookDeliveries } as const;

/** The SQL of the email and webhook outboxes and of webhook endpoints. */
@Injectable()
export class DeliveriesRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insertEmails(
    tx: Executor,
    rows: (typeof emailDeliveries.$inferInsert)[],
  ): Promise<{ id: string }[]> {
    const ids = await insertRows(tx, emailDeliveries, rows, 'id');
    return ids.map((id) => ({ id: id as string }));
  }

  async insertWebhooks(
    tx: Executor,
    rows: (typeof webhookDeliveries.$inferInsert)[],
  ): Promise<{ id: string }[]> {
    const ids = await insertRows(tx, webhookDeliveries, rows, 'id');
    return ids.map((id) => ({ id: id as string }));
  }

  /**
   * Records the intent to send before sending: the row is taken when it is due, or when an
   * earlier worker took it and vanished (`staleBefore`) — the one case that may send twice.
   */
  async claimEmail(id: string, staleBefore: Date): Promise<EmailDeliveryRow | undefined> {
    const [row] = await this.db
      .update(emailDeliveries)
      .set({
        status: 'sending',
        attempts: sql`${emailDeliveries.attempts} + 1`,
        claimedAt: sql`now()`,
      })
      .where(and(eq(emailDeliveries.id, id), claimable(emailDeliveries, staleBefore)))
      .returning();
    return row;
  }

  async claimWebhook(id: string, staleBefore: Date): Promise<WebhookDeliveryRow | undefined> {
    const [row] = await this.db
      .update(webhookDeliveries)
      .set({
        status: 'sending',
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        claimedAt: sql`now()`,
      })
      .where(and(eq(webhookDeliveries.id, id), claimable(webhookDeliveries, staleBefore)))
      .returning();
    return row;
  }

  async markEmailSent(id: string): Promise<void> {
    await this.db
      .update(emailDeliveries)
      .set({ status: 'sent', sentAt: sql`now()`, lastError: null })
      .where(and(eq(emailDeliveries.id, id), eq(emailDeliveries.status, 'sending')));
  }

  async markWebhookDelivered(id: string, statusCode: number): Promise<void> {
    await this.db
      .update(webhookDeliveries)
      .set({ status: 'sent', deliveredAt: sql`now()`, lastStatusCode: statusCode, lastError: null })
      .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'sending')));
  }

  /** After a failed attempt: due again at `nextAt`, or given up when `nextAt` is null. */
  async markFailedAttempt(
    outbox: Outbox,
    id: string,
    failure: { error: string; statusCode?: number | null; nextAt: Date | null },
  ): Promise<void> {
    const table = TABLES[outbox];
    await this.db
      .update(table)
      .set({
        status: failure.nextAt ? 'pending' : 'failed',
        ...(failure.nextAt ? { nextAttemptAt: failure.nextAt } : {}),
        lastError: failure.error.slice(0, 500),
        ...(outbox === 'webhook' ? { lastStatusCode: failure.statusCode ?? null } : {}),
      })
      .where(and(eq(table.id, id), eq(table.status, 'sending')));
  }

  /** Deliveries whose wake-up call was lost: due for a while, or claimed by a vanished worker. */
  async overdue(
    outbox: Outbox,
    dueBefore: Date,
    staleBefore: Date,
    limit: number,
  ): Promise<{ id: string; attempts: number }[]> {
    const table = TABLES[outbox];
    return this.db
      .select({ id: table.id, attempts: table.attempts })
      .from(table)
      .where(
        or(
          and(eq(table.status, 'pending'), lt(table.nextAttemptAt, dueBefore)),
          and(eq(table.status, 'sending'), lt(table.claimedAt, staleBefore)),
        ),
      )
      .limit(limit);
  }

  async emailAddressOf(userId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ email: users.email })
      .from(users)
      .where(eq(users.id, userId));
    return row?.email;
  }

  async recordAttempt(row: typeof webhookDeliveryAttempts.$inferInsert): Promise<void> {
    await this.db.insert(webhookDeliveryAttempts).values(row);
  }

  /** Makes a delivery due now again, whatever became of it: an admin's redelivery. */
  async requeueWebhook(tx: Executor, id: string): Promise<WebhookDeliveryRow | undefined> {
    const [row] = await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', nextAttemptAt: sql`now()` })
      .where(
        and(eq(webhookDeliveries.id, id), inArray(webhookDeliveries.status, ['sent', 'failed'])),
      )
      .returning();
    return row;
  }

  async findWebhookDelivery(id: string): Promise<WebhookDeliveryRow | undefined> {
    const [row] = await this.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, id));
    return row;
  }

  async deliveriesOf(
    endpointId: string,
    window: { before?: { createdAt: Date; id: string }; limit: number },
  ): Promise<WebhookDeliveryRow[]> {
    const before = window.before;
    return this.db
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.endpointId, endpointId),
          before ? olderThan(webhookDeliveries.createdAt, webhookDeliveries.id, before) : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(window.limit);
  }

  async attemptsOf(deliveryIds: string[]): Promise<WebhookAttemptRow[]> {
    if (deliveryIds.length === 0) return [];
    return this.db
      .select()
      .from(webhookDeliveryAttempts)
      .where(inArray(webhookDeliveryAttempts.deliveryId, deliveryIds))
      .orderBy(webhookDeliveryAttempts.id);
  }

  /** Active endpoints with the kinds each wants: few, so a batch of events reads them once. */
  async activeEndpoints(tx: Executor): Promise<WebhookEndpointRow[]> {
    return tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.active, true));
  }

  async endpoints(): Promise<WebhookEndpointRow[]> {
    return this.db.select().from(webhookEndpoints).orderBy(webhookEndpoints.createdAt);
  }

  async findEndpoint(id: string, tx: Executor = this.db): Promise<WebhookEndpointRow | undefined> {
    const [row] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    return row;
  }

  async insertEndpoint(
    tx: Executor,
    row: typeof webhookEndpoints.$inferInsert,
  ): Promise<WebhookEndpointRow> {
    const [created] = await tx.insert(webhookEndpoints).values(row).returning();
    return created!;
  }

  async updateEndpoint(
    tx: Executor,
    id: string,
    changes: Partial<Pick<WebhookEndpointRow, 'url' | 'description' | 'kinds' | 'active'>>,
  ): Promise<WebhookEndpointRow | undefined> {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    return row;
  }

  async deleteEndpoint(tx: Executor, id: string): Promise<boolean> {
    const rows = await tx
      .delete(webhookEndpoints)
      .where(eq(webhookEndpoints.id, id))
      .returning({ id: webhookEndpoints.id });
    return rows.length > 0;
  }
}

const claimable = (table: typeof emailDeliveries | typeof webhookDeliveries, staleBefore: Date) =>
  or(
    and(eq(table.status, 'pending'), sql`${table.nextAttemptAt} <= now()`),
    and(eq(table.status, 'sending'), lt(table.claimedAt, staleBefore)),
  );
