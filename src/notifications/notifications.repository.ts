import { Inject, Injectable } from '@nestjs/common';
import { and, count, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import {
  notificationCursor,
  notificationPreferences,
  notifications,
  notificationSources,
  type NotificationKind,
} from '../db/schema/index.js';
import type { AuditFact, Audience } from './notification-events.js';

export type NotificationRow = typeof notifications.$inferSelect;
export type PreferenceRow = typeof notificationPreferences.$inferSelect;

export interface Recipient {
  userId: string;
  inApp: boolean;
  email: boolean;
}

export interface EventContext {
  postStatus: string | null;
  channelId: string | null;
  channelHandle: string | null;
  campaignName: string | null;
}

const CURSOR = 'audit';

/** The SQL of in-app notifications, preferences and the fan-out's reading of the audit log. */
@Injectable()
export class NotificationsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async lowWater(): Promise<number> {
    const [row] = await this.db
      .select({ id: notificationCursor.auditEventId })
      .from(notificationCursor)
      .where(eq(notificationCursor.name, CURSOR));
    return row?.id ?? 0;
  }

  /**
   * Moves the low-water mark to the newest event older than `settledBefore`: an id below it that
   * is still invisible would belong to a transaction open longer than the lookback.
   */
  async advanceLowWater(from: number, settledBefore: Date): Promise<void> {
    await this.db.execute(sql`
      INSERT INTO notification_cursor (name, audit_event_id)
      SELECT ${CURSOR}, COALESCE(max(id), ${from}) FROM audit_events
      WHERE id > ${from} AND at < ${settledBefore.toISOString()}::timestamptz
      ON CONFLICT (name) DO UPDATE SET audit_event_id =
        GREATEST(notification_cursor.audit_event_id, EXCLUDED.audit_event_id)`);
  }

  /** Watched events above the mark not handled yet, oldest first. */
  async unhandled(after: number, actions: string[], limit: number): Promise<AuditFact[]> {
    const { rows } = await this.db.execute<{
      id: string;
      at: string;
      actor_id: string | null;
      action: string;
      entity_type: string;
      entity_id: string;
      after: unknown;
    }>(sql`
      SELECT a.id, a.at, a.actor_id, a.action, a.entity_type, a.entity_id, a.after
      FROM audit_events a
      WHERE a.id > ${after} AND a.action = ANY(${sql.param(actions)}::text[])
        AND NOT EXISTS (SELECT 1 FROM notification_sources s WHERE s.audit_event_id = a.id)
      ORDER BY a.id LIMIT ${limit}`);
    return rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at),
      actorId: r.actor_id,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      after: r.after,
    }));
  }

  /** Claims an event for this fan-out; false when another worker handled it already. */
  async claimSource(tx: Executor, auditEventId: number, kind: NotificationKind): Promise<boolean> {
    const rows = await tx
      .insert(notificationSources)
      .values({ auditEventId, kind })
      .onConflictDoNothing()
      .returning({ id: notificationSources.auditEventId });
    return rows.length > 0;
  }

  /** The post's or channel's names the notification text may use, and the post's status. */
  async contextOf(
    tx: Executor,
    target: { postId: string | null; channelId: string | null },
  ): Promise<EventContext> {
    const { rows } = await tx.execute<{
      post_status: string | null;
      channel_id: string | null;
      handle: string | null;
      campaign_name: string | null;
    }>(
      target.postId
        ? sql`SELECT p.status AS post_status, c.id AS channel_id, c.handle, k.name AS campaign_name
              FROM posts p JOIN channels c ON c.id = p.channel_id JOIN campaigns k ON k.id = p.campaign_id
              WHERE p.id = ${target.postId}::uuid`
        : sql`SELECT NULL AS post_status, c.id AS channel_id, c.handle, NULL AS campaign_name
              FROM channels c WHERE c.id = ${target.channelId}::uuid`,
    );
    const row = rows[0];
    return {
      postStatus: row?.post_status ?? null,
      channelId: row?.channel_id ?? null,
      channelHandle: row?.handle ?? null,
      campaignName: row?.campaign_name ?? null,
    };
  }

  /** Active users the event concerns, never its own actor, with their choices for `kind`. */
  async recipients(
    tx: Executor,
    event: { kind: NotificationKind; postId: string | null; audience: Audience },
    actorId: string | null,
  ): Promise<Recipient[]> {
    const post = event.postId;
    const audience = event.audience;
    const who =
      audience.kind === 'admins'
        ? sql`'admin' = ANY(u.roles)`
        : audience.kind === 'reviewers'
          ? sql`u.roles && ${sql.param(audience.roles)}::text[]
                AND u.id NOT IN (SELECT author_id FROM posts WHERE id = ${post}::uuid
                                 UNION SELECT last_revised_by FROM posts WHERE id = ${post}::uuid)`
          : sql`u.id IN (
                  SELECT author_id FROM posts WHERE id = ${post}::uuid
                  UNION SELECT last_revised_by FROM posts WHERE id = ${post}::uuid
                  ${
                    audience.kind === 'post_people_and_scheduler'
                      ? sql`UNION (SELECT actor_id FROM audit_events
                                   WHERE entity_type = 'post' AND entity_id = ${post}
                                     AND action IN ('post.scheduled', 'post.rescheduled')
                                     AND actor_id IS NOT NULL
                                   ORDER BY id DESC LIMIT 1)`
                      : sql``
                  })`;
    const { rows } = await tx.execute<{
      id: string;
      in_app: boolean | null;
      email: boolean | null;
    }>(
      sql`SELECT u.id, np.in_app, np.email FROM users u
          LEFT JOIN notification_preferences np ON np.user_id = u.id AND np.kind = ${event.kind}
          WHERE u.disabled_at IS NULL AND u.id IS DISTINCT FROM ${actorId}::uuid AND ${who}
          ORDER BY u.id`,
    );
    return rows.map((r) => ({ userId: r.id, inApp: r.in_app ?? true, email: r.email ?? true }));
  }

  async insertNotifications(
    tx: Executor,
    rows: (typeof notifications.$inferInsert)[],
  ): Promise<void> {
    if (rows.length > 0) await tx.insert(notifications).values(rows).onConflictDoNothing();
  }

  async listFor(
    userId: string,
    window: { before?: { createdAt: Date; id: string }; limit: number },
  ): Promise<NotificationRow[]> {
    const before = window.before;
    return this.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, userId),
          before
            ? or(
                lt(notifications.createdAt, before.createdAt),
                and(eq(notifications.createdAt, before.createdAt), lt(notifications.id, before.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(window.limit);
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
    return row?.n ?? 0;
  }

  /** Marks one of the user's notifications read; undefined when it is not theirs. */
  async markRead(userId: string, id: string): Promise<NotificationRow | undefined> {
    const [row] = await this.db
      .update(notifications)
      .set({ readAt: sql`COALESCE(${notifications.readAt}, now())` })
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
      .returning();
    return row;
  }

  async markAllRead(userId: string): Promise<number> {
    const rows = await this.db
      .update(notifications)
      .set({ readAt: sql`now()` })
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    return rows.length;
  }

  async preferencesOf(userId: string): Promise<PreferenceRow[]> {
    return this.db
      .select()
      .from(notificationPreferences)
      .where(eq(notificationPreferences.userId, userId));
  }

  async savePreferences(tx: Executor, rows: PreferenceRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx
      .insert(notificationPreferences)
      .values(rows)
      .onConflictDoUpdate({
        target: [notificationPreferences.userId, notificationPreferences.kind],
        set: {
          inApp: sql`EXCLUDED.in_app`,
          email: sql`EXCLUDED.email`,
        },
      });
  }
}
