import { Inject, Injectable } from '@nestjs/common';
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import { DATABASE, type Database, type Executor } from '../db/database.js';
import { anyOf } from '../db/any-of.js';
import { insertRows } from '../db/insert-rows.js';
import { olderThan } from '../db/older-than.js';
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

/** A place in the audit log in the fan-out's reading order: by transaction, then by id. */
export interface LogPosition {
  tx: string;
  id: number;
}

/** An audit event with the transaction that recorded it. */
export type LoggedFact = AuditFact & { tx: string };

/**
 * The posts a batch of events names, for `anyOf` beside the batch's recordset: without them the
 * recordset's joins to posts read every post (see anyOf).
 */
const postIdsOf = (values: readonly { post_id: string | null }[]): string[] => [
  ...new Set(values.flatMap((v) => (v.post_id ? [v.post_id] : []))),
];

/** The SQL of in-app notifications, preferences and the fan-out's reading of the audit log. */
@Injectable()
export class NotificationsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** The watermark: every event recorded by a transaction below it has been handled. */
  async settledTx(): Promise<string> {
    const [row] = await this.db
      .select({ tx: notificationCursor.settledTx })
      .from(notificationCursor)
      .where(eq(notificationCursor.name, CURSOR));
    return row?.tx ?? '0';
  }

  /**
   * The oldest transaction still running: every one below it has ended, so the events they
   * recorded are visible to every statement from now on, and no more of theirs can appear.
   */
  async oldestRunningTx(): Promise<string> {
    const { rows } = await this.db.execute<{ tx: string }>(
      sql`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS tx`,
    );
    return rows[0]!.tx;
  }

  /** Moves the watermark up to `tx` (never down: sweeps may run side by side). */
  async settle(tx: string): Promise<void> {
    await this.db.execute(sql`
      INSERT INTO notification_cursor (name, settled_tx) VALUES (${CURSOR}, ${tx}::xid8)
      ON CONFLICT (name) DO UPDATE SET settled_tx =
        GREATEST(notification_cursor.settled_tx, EXCLUDED.settled_tx)`);
  }

  /**
   * Up to `limit` watched events not handled yet, in the order of their transactions, from just
   * after `after` on: a sweep pages through the events of the transactions it reads, reading each
   * once, and looks each up among the handled ones by its id. The statement leaves the planner no
   * other way (the action is compared through an expression no index matches, the lookup is
   * lateral): with statistics that lag a burst, it read every watched event ever recorded
   * through the action index, and hashed every handled one, for each page (bench:publish: 29-69
   * audit rows and 19-53 handled ones per published post, growing with each burst).
   */
  async unhandled(after: LogPosition, actions: string[], limit: number): Promise<LoggedFact[]> {
    const { rows } = await this.db.execute<{
      id: string;
      tx: string;
      at: string;
      actor_id: string | null;
      action: string;
      entity_type: string;
      entity_id: string;
      after: unknown;
    }>(sql`
      SELECT a.id, a.tx::text AS tx, a.at, a.actor_id, a.action, a.entity_type, a.entity_id, a.after
      FROM audit_events a
        LEFT JOIN LATERAL (SELECT true AS handled FROM notification_sources s
          WHERE s.audit_event_id = a.id LIMIT 1) h ON true
      WHERE (a.tx, a.id) > (${after.tx}::xid8, ${after.id}::bigint)
        AND (a.action || '') = ANY(${sql.param(actions)}::text[]) AND h.handled IS NULL
      ORDER BY a.tx, a.id LIMIT ${limit}`);
    return rows.map((r) => ({
      id: Number(r.id),
      tx: r.tx,
      at: new Date(r.at),
      actorId: r.actor_id,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      after: r.after,
    }));
  }

  /**
   * Claims events for this fan-out in one statement, in id order (two sweeps claiming the same
   * events then queue behind each other instead of deadlocking); returns the ids this one got.
   */
  async claimSources(
    tx: Executor,
    events: readonly { auditEventId: number; kind: NotificationKind }[],
  ): Promise<Set<number>> {
    const ids = await insertRows(
      tx,
      notificationSources,
      [...events].sort((a, b) => a.auditEventId - b.auditEventId),
      'auditEventId',
    );
    return new Set(ids.map(Number));
  }

  /** Per event, the post's or channel's names the notification text may use, and the post's status. */
  async contextsOf(
    tx: Executor,
    events: readonly { eventId: number; postId: string | null; channelId: string | null }[],
  ): Promise<Map<number, EventContext>> {
    const values = events.map((e) => ({
      event_id: e.eventId,
      post_id: e.postId,
      channel_id: e.channelId,
    }));
    const { rows } = await tx.execute<{
      event_id: string;
      post_status: string | null;
      channel_id: string | null;
      handle: string | null;
      campaign_name: string | null;
    }>(sql`
      SELECT e.event_id, p.status AS post_status, coalesce(pc.id, c.id) AS channel_id,
        coalesce(pc.handle, c.handle) AS handle, k.name AS campaign_name
      FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
        AS e(event_id bigint, post_id uuid, channel_id uuid)
      LEFT JOIN (posts p JOIN channels pc ON pc.id = p.channel_id
                 JOIN campaigns k ON k.id = p.campaign_id)
        ON ${anyOf(sql`p.id`, postIdsOf(values))}
          AND p.id = e.post_id
      LEFT JOIN channels c ON e.post_id IS NULL AND c.id = e.channel_id`);
    return new Map(
      rows.map((r) => [
        Number(r.event_id),
        {
          postStatus: r.post_status,
          channelId: r.channel_id,
          channelHandle: r.handle,
          campaignName: r.campaign_name,
        },
      ]),
    );
  }

  /**
   * Per event, the active users it concerns, never its own actor, with their choices for its kind:
   * one statement for the whole batch, driven from each audience (admins; reviewers holding one
   * of the stage roles, minus the post's author and last reviser for four eyes; or those people,
   * plus whoever last scheduled the post when the audience says so).
   */
  async recipientsOf(
    tx: Executor,
    events: readonly {
      eventId: number;
      event: { kind: NotificationKind; postId: string | null; audience: Audience };
      actorId: string | null;
    }[],
  ): Promise<Map<number, Recipient[]>> {
    const values = events.map(({ eventId, event, actorId }) => ({
      event_id: eventId,
      kind: event.kind,
      post_id: event.postId,
      audience: event.audience.kind,
      roles: event.audience.kind === 'reviewers' ? event.audience.roles : [],
      actor_id: actorId,
    }));
    const { rows } = await tx.execute<{
      event_id: string;
      user_id: string;
      in_app: boolean | null;
      email: boolean | null;
    }>(sql`
      WITH e AS MATERIALIZED (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS e(event_id bigint,
          kind text, post_id uuid, audience text, roles text[], actor_id uuid)
      ), people AS (
        SELECT e.event_id, x.user_id FROM e JOIN posts p
          ON ${anyOf(sql`p.id`, postIdsOf(values))}
            AND p.id = e.post_id
          CROSS JOIN LATERAL (VALUES (p.author_id), (p.last_revised_by)) AS x(user_id)
        WHERE x.user_id IS NOT NULL
        UNION
        SELECT e.event_id, s.actor_id FROM e CROSS JOIN LATERAL (
          SELECT actor_id FROM audit_events
          WHERE entity_type = 'post' AND entity_id = e.post_id::text
            AND action IN ('post.scheduled', 'post.rescheduled') AND actor_id IS NOT NULL
          ORDER BY id DESC LIMIT 1) s
        WHERE e.audience = 'post_people_and_scheduler'
      ), concerned AS (
        SELECT e.event_id, u.id AS user_id FROM e JOIN users u ON 'admin' = ANY(u.roles)
        WHERE e.audience = 'admins'
        UNION ALL
        SELECT e.event_id, u.id FROM e JOIN users u ON u.roles && e.roles
        WHERE e.audience = 'reviewers'
          AND NOT EXISTS (SELECT 1 FROM people pp WHERE pp.event_id = e.event_id AND pp.user_id = u.id)
        UNION ALL
        SELECT pp.event_id, pp.user_id FROM people pp JOIN e USING (event_id)
        WHERE e.audience IN ('post_people', 'post_people_and_scheduler')
      )
      SELECT c.event_id, u.id AS user_id, np.in_app, np.email
      FROM concerned c JOIN e USING (event_id) JOIN users u ON u.id = c.user_id
      LEFT JOIN notification_preferences np ON np.user_id = u.id AND np.kind = e.kind
      WHERE u.disabled_at IS NULL AND u.id IS DISTINCT FROM e.actor_id
      ORDER BY c.event_id, u.id`);
    const byEvent = new Map<number, Recipient[]>();
    for (const r of rows) {
      const list = byEvent.get(Number(r.event_id)) ?? [];
      list.push({ userId: r.user_id, inApp: r.in_app ?? true, email: r.email ?? true });
      byEvent.set(Number(r.event_id), list);
    }
    return byEvent;
  }

  async insertNotifications(
    tx: Executor,
    rows: (typeof notifications.$inferInsert)[],
  ): Promise<void> {
    await insertRows(tx, notifications, rows);
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
          before ? olderThan(notifications.createdAt, notifications.id, before) : undefined,
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
